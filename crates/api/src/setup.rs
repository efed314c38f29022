//! Creating a portal with its owner: `crm setup` and the first start of `make run`.

use anyhow::Context as _;
use crm_domain::text::search_key;
use crm_domain::{BoundedText, EmailAddress, Locale, NewPassword, Role, TimeZoneName};
use crm_persistence::portals::{self, NewPortal, PortalRow};
use crm_persistence::users::{self, NewUser, UserRow};
use crm_persistence::{DbPool, StoreError};
use diesel::Connection as _;

use crate::auth::password;
use crate::state::now;

/// What to create.
#[derive(Debug, Clone)]
pub struct PortalSetup {
    pub portal_name: String,
    pub owner_email: String,
    /// The owner's display name; the e-mail when not given.
    pub owner_name: Option<String>,
    pub owner_password: String,
    pub locale: String,
    /// The owner's IANA time zone; when not given, the browser's at the first sign-in.
    pub time_zone: Option<String>,
}

/// Creates a portal and its owner in one transaction. Input errors name the CLI flag.
pub fn create_portal(pool: &DbPool, setup: &PortalSetup) -> anyhow::Result<(PortalRow, UserRow)> {
    let name = BoundedText::<200>::parse("--portal-name", &setup.portal_name)?;
    let email = EmailAddress::parse(&setup.owner_email).map_err(|e| e.at("--owner-email"))?;
    let owner_name = match &setup.owner_name {
        Some(n) => BoundedText::<100>::parse("--owner-name", n)?,
        None => BoundedText::<100>::parse("--owner-email", email.as_ref())?,
    };
    let time_zone = setup
        .time_zone
        .as_deref()
        .map(|tz| TimeZoneName::parse("--time-zone", tz))
        .transpose()?;
    let pw = NewPassword::parse("--owner-password", &setup.owner_password)?;
    let locale = Locale::parse("--locale", &setup.locale)?;
    let hash = password::hash(pw.expose())?;
    let mut conn = pool.get().context("connecting to the database")?;
    let result = conn.transaction::<_, StoreError, _>(|conn| {
        let now = now();
        let portal = portals::create(
            conn,
            &NewPortal {
                name: name.as_ref(),
                locale: locale.as_str(),
                crm_enabled: true,
                crm_open_to_all: true,
                settings_version: 1,
                created_at: now,
                updated_at: now,
            },
        )?;
        let sort_name = owner_name.as_ref().to_lowercase();
        let key = search_key(&[owner_name.as_ref(), email.as_ref()]);
        let owner = users::create(
            conn,
            &NewUser {
                portal_id: portal.id,
                email: email.as_ref(),
                name: owner_name.as_ref(),
                sort_name: &sort_name,
                search_key: &key,
                password_hash: &hash,
                locale: locale.as_str(),
                time_zone: time_zone.as_ref().map_or("UTC", |tz| tz.name()),
                time_zone_chosen: time_zone.is_some(),
                role: Role::Owner.as_str(),
                active: true,
                created_at: now,
                updated_at: now,
                version: 1,
            },
            &[],
        )?;
        seed_portal(conn, portal.id, locale, now)?;
        Ok((portal, owner.user))
    });
    result.context("creating the portal")
}

/// The reference lists and tags of a new portal, in its language.
fn seed_portal(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    locale: Locale,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    for kind in crm_domain::lists::ListKind::ALL {
        crm_persistence::list_items::seed(
            conn,
            portal_id,
            kind.as_str(),
            kind.seed(locale),
            kind.seed_icons(),
            now,
        )?;
    }
    let tags: Vec<String> = crm_domain::lists::seed_contact_tags(locale)
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
    crm_persistence::tags::ensure(conn, portal_id, crm_domain::RecordKind::Contact, &tags, now)?;
    seed_pipeline(conn, portal_id, locale, now)
}

/// The first pipeline with the reference's stages, unless the portal has one.
fn seed_pipeline(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    locale: Locale,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    use crm_domain::deal;
    use crm_persistence::deals::pipelines;
    if pipelines::first(conn, portal_id)?.is_none() {
        pipelines::create(
            conn,
            portal_id,
            deal::seed_pipeline_name(locale),
            &deal::seed_stages(locale),
            now,
        )?;
    }
    Ok(())
}

/// Seeds, in each portal's language, the lists a portal lacks because they arrived after it
/// was made.
pub fn seed_new_lists(pool: &DbPool) -> anyhow::Result<()> {
    let mut conn = pool.get().context("connecting to the database")?;
    let result = conn.transaction::<_, StoreError, _>(|conn| {
        for portal in portals::all(conn)? {
            let locale = Locale::parse("locale", &portal.locale).unwrap_or(Locale::En);
            for kind in crm_domain::lists::ListKind::ALL {
                if crm_persistence::list_items::is_empty(conn, portal.id, kind.as_str())? {
                    crm_persistence::list_items::seed(
                        conn,
                        portal.id,
                        kind.as_str(),
                        kind.seed(locale),
                        kind.seed_icons(),
                        now(),
                    )?;
                }
            }
            seed_pipeline(conn, portal.id, locale, now())?;
        }
        Ok(())
    });
    result.context("seeding new lists")
}

/// Whether the deployment has no portal yet.
pub fn is_empty(pool: &DbPool) -> anyhow::Result<bool> {
    let mut conn = pool.get().context("connecting to the database")?;
    Ok(portals::count(&mut conn)? == 0)
}
