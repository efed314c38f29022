//! Short-lived access tokens (HS256 JWT). The secret comes from settings or is generated
//! once and kept in the data directory.

use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Portal id.
    pub pid: i64,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// Refresh-token family of the session, so logout can end it.
    pub fam: String,
    /// Purpose of a token that is not an access token (`sse` for event-stream tickets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
}

/// Seconds a token is still taken after its expiry, for clocks a little apart.
pub const LEEWAY: i64 = 5;

/// Signing and verification keys.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    /// Keys from a secret.
    pub fn from_secret(secret: &[u8]) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Keys from the configured secret, else from `jwt.key` in the data directory, created
    /// with 64 random bytes on first use (mode 0600).
    pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(secret) = configured {
            anyhow::ensure!(
                secret.len() >= 32,
                "CRM_JWT_SECRET must be at least 32 characters"
            );
            return Ok(Self::from_secret(secret.as_bytes()));
        }
        let path = data_dir.join("jwt.key");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .with_context(|| format!("reading the signing key {}", path.display()))?;
            return Ok(Self::from_secret(&bytes));
        }
        let bytes = super::secret::random_bytes(64);
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("creating {}", data_dir.display()))?;
        write_private(
            &path,
            base64::engine::general_purpose::STANDARD
                .encode(&bytes)
                .as_bytes(),
        )
        .with_context(|| format!("writing the signing key {}", path.display()))?;
        Ok(Self::from_secret(&bytes))
    }

    /// Signs claims.
    pub fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .context("signing a token")
    }

    /// Verifies signature and expiry.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = LEEWAY.unsigned_abs();
        validation.set_required_spec_claims(&["exp", "sub"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|d| d.claims)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "7".into(),
            pid: 1,
            iat: 0,
            exp,
            fam: "f".into(),
            typ: None,
        }
    }

    #[test]
    fn signed_token_verifies_and_tampered_one_does_not() {
        let keys = JwtKeys::from_secret(b"0123456789abcdef0123456789abcdef");
        let token = keys
            .sign(&claims(chrono::Utc::now().timestamp() + 60))
            .unwrap();
        assert_eq!(keys.verify(&token).unwrap().sub, "7");
        let other = JwtKeys::from_secret(b"another-secret-another-secret-xx");
        assert!(other.verify(&token).is_none());
    }

    #[test]
    fn expired_token_is_refused() {
        let keys = JwtKeys::from_secret(b"0123456789abcdef0123456789abcdef");
        let token = keys
            .sign(&claims(chrono::Utc::now().timestamp() - 60))
            .unwrap();
        assert!(keys.verify(&token).is_none());
    }

    #[test]
    fn generated_key_is_kept_between_starts() {
        let dir = tempfile::tempdir().unwrap();
        let a = JwtKeys::load_or_create(None, dir.path()).unwrap();
        let token = a
            .sign(&claims(chrono::Utc::now().timestamp() + 60))
            .unwrap();
        let b = JwtKeys::load_or_create(None, dir.path()).unwrap();
        assert!(b.verify(&token).is_some());
    }
}
