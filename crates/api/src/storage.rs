//! The file store: every file's bytes go through this interface. Local directory now;
//! object storage for multi-node deployments implements the same trait.

use std::path::PathBuf;

use anyhow::Context as _;
use futures_util::future::BoxFuture;

/// The pieces of a stored file as they are read.
pub type ByteStream = futures_util::stream::BoxStream<'static, std::io::Result<bytes::Bytes>>;

/// Where file bytes live. Keys are `<portal id>/<random hex>`.
pub trait FileStore: Send + Sync {
    /// Stores bytes under a new key.
    fn put(&self, key: String, bytes: Vec<u8>) -> BoxFuture<'static, anyhow::Result<()>>;
    /// Stores the content of a local file under a new key, without reading it into memory;
    /// the file itself is left in place.
    fn put_file(&self, key: String, path: PathBuf) -> BoxFuture<'static, anyhow::Result<()>>;
    /// Reads the bytes of a key.
    fn get(&self, key: String) -> BoxFuture<'static, anyhow::Result<Vec<u8>>>;
    /// Reads the bytes of a key as a stream of pieces, for files too large to hold.
    fn stream(&self, key: String) -> BoxFuture<'static, anyhow::Result<ByteStream>>;
    /// Removes a key; a missing key is not an error.
    fn delete(&self, key: String) -> BoxFuture<'static, anyhow::Result<()>>;
}

/// Files in a local directory (`CRM_DATA_DIR/files`).
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    /// A store rooted at `root`, created when missing.
    pub fn new(root: PathBuf) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
        Ok(Self { root })
    }

    fn path(&self, key: &str) -> anyhow::Result<PathBuf> {
        // Keys are made by the server, but never let one climb out of the root.
        anyhow::ensure!(
            !key.is_empty()
                && key
                    .split('/')
                    .all(|p| !p.is_empty() && p != ".." && p != "."),
            "invalid storage key {key:?}"
        );
        Ok(self.root.join(key))
    }
}

/// What a new key's content is written from.
enum Content {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// Writes the content beside `path`, then renames it: a crash never leaves a half file under
/// the key.
async fn write_beside(path: PathBuf, content: Content) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let tmp = path.with_extension("part");
    match content {
        Content::Bytes(bytes) => tokio::fs::write(&tmp, &bytes)
            .await
            .with_context(|| format!("writing {}", tmp.display()))?,
        Content::File(from) => {
            tokio::fs::copy(&from, &tmp)
                .await
                .with_context(|| format!("copying {} to {}", from.display(), tmp.display()))?;
        }
    }
    tokio::fs::rename(&tmp, &path)
        .await
        .with_context(|| format!("renaming to {}", path.display()))
}

impl FileStore for LocalStore {
    fn put(&self, key: String, bytes: Vec<u8>) -> BoxFuture<'static, anyhow::Result<()>> {
        let path = self.path(&key);
        Box::pin(async move { write_beside(path?, Content::Bytes(bytes)).await })
    }

    fn put_file(&self, key: String, from: PathBuf) -> BoxFuture<'static, anyhow::Result<()>> {
        let path = self.path(&key);
        Box::pin(async move { write_beside(path?, Content::File(from)).await })
    }

    fn get(&self, key: String) -> BoxFuture<'static, anyhow::Result<Vec<u8>>> {
        let path = self.path(&key);
        Box::pin(async move {
            let path = path?;
            tokio::fs::read(&path)
                .await
                .with_context(|| format!("reading {}", path.display()))
        })
    }

    fn stream(&self, key: String) -> BoxFuture<'static, anyhow::Result<ByteStream>> {
        let path = self.path(&key);
        Box::pin(async move {
            let path = path?;
            let file = tokio::fs::File::open(&path)
                .await
                .with_context(|| format!("opening {}", path.display()))?;
            let pieces: ByteStream = Box::pin(tokio_util::io::ReaderStream::new(file));
            Ok(pieces)
        })
    }

    fn delete(&self, key: String) -> BoxFuture<'static, anyhow::Result<()>> {
        let path = self.path(&key);
        Box::pin(async move {
            match tokio::fs::remove_file(path?).await {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
                _ => Ok(()),
            }
        })
    }
}

/// Removes blobs whose rows were deleted; failures are logged, the rows are already gone.
pub async fn remove_all(store: &dyn FileStore, keys: Vec<String>) {
    for key in keys {
        if let Err(e) = store.delete(key.clone()).await {
            tracing::warn!(%key, error = %e, "removing a stored file failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[actix_web::test]
    async fn bytes_round_trip_and_keys_cannot_escape() {
        let dir = tempfile::tempdir().unwrap();
        let store = LocalStore::new(dir.path().to_path_buf()).unwrap();
        store.put("1/abc".into(), b"hello".to_vec()).await.unwrap();
        assert_eq!(store.get("1/abc".into()).await.unwrap(), b"hello");
        let local = dir.path().join("local.txt");
        std::fs::write(&local, b"from a file").unwrap();
        store.put_file("2/def".into(), local.clone()).await.unwrap();
        assert!(local.exists(), "the file put is left in place");
        let pieces: Vec<_> =
            futures_util::StreamExt::collect::<Vec<_>>(store.stream("2/def".into()).await.unwrap())
                .await;
        let streamed: Vec<u8> = pieces
            .into_iter()
            .flat_map(|p| p.unwrap().to_vec())
            .collect();
        assert_eq!(streamed, b"from a file");
        assert!(store.stream("2/../../etc/passwd".into()).await.is_err());
        store.delete("1/abc".into()).await.unwrap();
        store.delete("1/abc".into()).await.unwrap();
        assert!(store.get("1/abc".into()).await.is_err());
        assert!(store.put("../evil".into(), vec![]).await.is_err());
        assert!(store.get("1/../../etc/passwd".into()).await.is_err());
    }
}
