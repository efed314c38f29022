//! A portal's default currency, its dated exchange rates, its taxes and the organisation it
//! invoices as.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{billing_settings, exchange_rates, organisation_profiles, taxes};

/// The stored money settings of a portal (absent until first changed).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = billing_settings)]
pub struct BillingRow {
    pub portal_id: i64,
    pub default_currency: String,
    pub updated_by: Option<i64>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// The portal's money settings, if ever changed.
pub fn settings(conn: &mut DbConnection, portal_id: i64) -> StoreResult<Option<BillingRow>> {
    Ok(billing_settings::table
        .find(portal_id)
        .select(BillingRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets the default currency, made from `expected_version` (0: the settings were never
/// changed); `StaleVersion` when they changed since.
pub fn set_default_currency(
    conn: &mut DbConnection,
    portal_id: i64,
    expected_version: i64,
    currency: &str,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<BillingRow> {
    conn.transaction(|conn| {
        let current = settings(conn, portal_id)?;
        match current {
            None if expected_version == 0 => {
                diesel::insert_into(billing_settings::table)
                    .values((
                        billing_settings::portal_id.eq(portal_id),
                        billing_settings::default_currency.eq(currency),
                        billing_settings::updated_by.eq(by),
                        billing_settings::updated_at.eq(now),
                        billing_settings::version.eq(1),
                    ))
                    .execute(conn)
                    .map_err(|e| match StoreError::from(e) {
                        // Another first change got in first.
                        StoreError::Conflict(_) => StoreError::StaleVersion,
                        other => other,
                    })?;
            }
            Some(row) if row.version == expected_version => {
                let n = diesel::update(
                    billing_settings::table
                        .find(portal_id)
                        .filter(billing_settings::version.eq(expected_version)),
                )
                .set((
                    billing_settings::default_currency.eq(currency),
                    billing_settings::updated_by.eq(by),
                    billing_settings::updated_at.eq(now),
                    billing_settings::version.eq(billing_settings::version + 1),
                ))
                .execute(conn)?;
                if n == 0 {
                    return Err(StoreError::StaleVersion);
                }
            }
            _ => return Err(StoreError::StaleVersion),
        }
        settings(conn, portal_id)?.ok_or(StoreError::NotFound)
    })
}

/// A stored exchange rate.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = exchange_rates)]
pub struct RateRow {
    pub id: i64,
    pub portal_id: i64,
    pub from_currency: String,
    pub to_currency: String,
    pub rate: String,
    pub valid_from: NaiveDate,
    pub source: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A new exchange rate.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = exchange_rates)]
pub struct NewRate {
    pub portal_id: i64,
    pub from_currency: String,
    pub to_currency: String,
    pub rate: String,
    pub valid_from: NaiveDate,
    pub source: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Stores a rate; `Conflict("day")` when its pair has one from that day already.
pub fn add_rate(conn: &mut DbConnection, new: &NewRate) -> StoreResult<RateRow> {
    let id: i64 = diesel::insert_into(exchange_rates::table)
        .values(new)
        .returning(exchange_rates::id)
        .get_result(conn)
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => StoreError::Conflict("day".into()),
            other => other,
        })?;
    Ok(exchange_rates::table
        .find(id)
        .select(RateRow::as_select())
        .first(conn)?)
}

/// Deletes a rate of the portal.
pub fn delete_rate(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    let n = diesel::delete(
        exchange_rates::table
            .filter(exchange_rates::portal_id.eq(portal_id))
            .filter(exchange_rates::id.eq(id)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Which rates a list shows.
#[derive(Debug, Clone, Default)]
pub struct RateFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only those valid from this day or earlier.
    pub on_or_before: Option<NaiveDate>,
}

/// Up to `limit` rates, newest `valid_from` first, after (`valid_from`, `id`) when given;
/// whether more follow.
pub fn rates(
    conn: &mut DbConnection,
    portal_id: i64,
    filter: &RateFilter,
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> StoreResult<(Vec<RateRow>, bool)> {
    use exchange_rates as r;
    let mut q = r::table
        .filter(r::portal_id.eq(portal_id))
        .select(RateRow::as_select())
        .into_boxed::<crate::connection::MultiBackend>();
    if let Some(from) = &filter.from {
        q = q.filter(r::from_currency.eq(from.clone()));
    }
    if let Some(to) = &filter.to {
        q = q.filter(r::to_currency.eq(to.clone()));
    }
    if let Some(day) = filter.on_or_before {
        q = q.filter(r::valid_from.le(day));
    }
    if let Some((day, id)) = after {
        q = q.filter(
            r::valid_from
                .lt(day)
                .or(r::valid_from.eq(day).and(r::id.lt(id))),
        );
    }
    let mut rows: Vec<RateRow> = q
        .order((r::valid_from.desc(), r::id.desc()))
        .limit(limit + 1)
        .load(conn)?;
    let more = rows.len() > usize::try_from(limit).unwrap_or(usize::MAX);
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((rows, more))
}

/// Whether rates from `from` of `source` were stored on `day` or later.
pub fn fetched_on(
    conn: &mut DbConnection,
    portal_id: i64,
    from: &str,
    source: &str,
    day: NaiveDate,
) -> StoreResult<bool> {
    let since = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    let n: i64 = exchange_rates::table
        .filter(exchange_rates::portal_id.eq(portal_id))
        .filter(exchange_rates::from_currency.eq(from))
        .filter(exchange_rates::source.eq(source))
        .filter(exchange_rates::created_at.ge(since))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The rate from `from` to `to` valid on `day`: the one with the latest `valid_from` on or
/// before it.
pub fn rate_on(
    conn: &mut DbConnection,
    portal_id: i64,
    from: &str,
    to: &str,
    day: NaiveDate,
) -> StoreResult<Option<RateRow>> {
    let filter = RateFilter {
        from: Some(from.to_owned()),
        to: Some(to.to_owned()),
        on_or_before: Some(day),
    };
    Ok(rates(conn, portal_id, &filter, None, 1)?.0.pop())
}

/// A stored tax.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = taxes)]
pub struct TaxRow {
    pub id: i64,
    pub portal_id: i64,
    pub name: String,
    pub rate: String,
    pub description: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A tax's fields to store; `None` leaves one as it is.
#[derive(Debug, Clone, Default)]
pub struct TaxChanges {
    pub name: Option<String>,
    pub rate: Option<String>,
    pub description: Option<String>,
}

fn name_taken(e: diesel::result::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict("name".into()),
        other => other,
    }
}

/// The portal's taxes, by name.
pub fn taxes_of(conn: &mut DbConnection, portal_id: i64) -> StoreResult<Vec<TaxRow>> {
    Ok(taxes::table
        .filter(taxes::portal_id.eq(portal_id))
        .order((taxes::name_key, taxes::id))
        .select(TaxRow::as_select())
        .load(conn)?)
}

/// A tax of the portal.
pub fn tax(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<TaxRow> {
    Ok(taxes::table
        .filter(taxes::portal_id.eq(portal_id))
        .filter(taxes::id.eq(id))
        .select(TaxRow::as_select())
        .first(conn)?)
}

/// Stores a new tax (`name` and `rate` given); `Conflict("name")` when the name is taken.
pub fn add_tax(
    conn: &mut DbConnection,
    portal_id: i64,
    c: &TaxChanges,
    now: NaiveDateTime,
) -> StoreResult<TaxRow> {
    let name = c.name.clone().unwrap_or_default();
    let id: i64 = diesel::insert_into(taxes::table)
        .values((
            taxes::portal_id.eq(portal_id),
            taxes::name_key.eq(name.to_lowercase()),
            taxes::name.eq(name),
            taxes::rate.eq(c.rate.clone().unwrap_or_default()),
            taxes::description.eq(c.description.clone().unwrap_or_default()),
            taxes::created_at.eq(now),
            taxes::updated_at.eq(now),
            taxes::version.eq(1),
        ))
        .returning(taxes::id)
        .get_result(conn)
        .map_err(name_taken)?;
    tax(conn, portal_id, id)
}

/// Changes a tax made from `expected_version`: `StaleVersion` when it changed since,
/// `Conflict("name")` when the new name is taken.
pub fn update_tax(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    c: &TaxChanges,
    now: NaiveDateTime,
) -> StoreResult<TaxRow> {
    conn.transaction(|conn| {
        let current = tax(conn, portal_id, id)?;
        if current.version != expected_version {
            return Err(StoreError::StaleVersion);
        }
        let name = c.name.clone().unwrap_or(current.name);
        let n = diesel::update(
            taxes::table
                .filter(taxes::portal_id.eq(portal_id))
                .filter(taxes::id.eq(id))
                .filter(taxes::version.eq(expected_version)),
        )
        .set((
            taxes::name_key.eq(name.to_lowercase()),
            taxes::name.eq(name),
            taxes::rate.eq(c.rate.clone().unwrap_or(current.rate)),
            taxes::description.eq(c.description.clone().unwrap_or(current.description)),
            taxes::updated_at.eq(now),
            taxes::version.eq(taxes::version + 1),
        ))
        .execute(conn)
        .map_err(name_taken)?;
        if n == 0 {
            return Err(StoreError::StaleVersion);
        }
        tax(conn, portal_id, id)
    })
}

/// Deletes a tax of the portal; `Conflict("in_use")` while a product or an invoice line
/// names it.
pub fn delete_tax(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    conn.transaction(|conn| {
        tax(conn, portal_id, id)?;
        if crate::products::uses_tax(conn, portal_id, id)?
            || crate::invoices::uses_tax(conn, portal_id, id)?
        {
            return Err(StoreError::Conflict("in_use".into()));
        }
        diesel::delete(
            taxes::table
                .filter(taxes::portal_id.eq(portal_id))
                .filter(taxes::id.eq(id)),
        )
        .execute(conn)
        .map_err(|e| match StoreError::from(e) {
            // A product named it in the meantime.
            StoreError::MissingReference(_) => StoreError::Conflict("in_use".into()),
            other => other,
        })?;
        Ok(())
    })
}

/// The stored organisation profile of a portal (absent until first changed).
#[derive(Debug, Clone, Default, Queryable, Selectable)]
#[diesel(table_name = organisation_profiles)]
pub struct OrganisationRow {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub bank_details: String,
    pub logo_file_id: Option<i64>,
    pub version: i64,
}

/// The fields of an organisation profile to store; `None` leaves one as it is.
#[derive(Debug, Clone, Default)]
pub struct OrganisationChanges {
    pub name: Option<String>,
    pub address: Option<String>,
    pub tax_id: Option<String>,
    pub bank_details: Option<String>,
}

/// The portal's organisation profile (empty, version 0, until first changed).
pub fn organisation(conn: &mut DbConnection, portal_id: i64) -> StoreResult<OrganisationRow> {
    Ok(organisation_profiles::table
        .find(portal_id)
        .select(OrganisationRow::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// Changes the organisation profile made from `expected_version` (0: never changed);
/// `StaleVersion` when it changed since.
pub fn update_organisation(
    conn: &mut DbConnection,
    portal_id: i64,
    expected_version: i64,
    c: &OrganisationChanges,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<OrganisationRow> {
    use organisation_profiles as o;
    conn.transaction(|conn| {
        let current = organisation(conn, portal_id)?;
        if current.version != expected_version {
            return Err(StoreError::StaleVersion);
        }
        let values = (
            o::name.eq(c.name.clone().unwrap_or(current.name)),
            o::address.eq(c.address.clone().unwrap_or(current.address)),
            o::tax_id.eq(c.tax_id.clone().unwrap_or(current.tax_id)),
            o::bank_details.eq(c.bank_details.clone().unwrap_or(current.bank_details)),
            o::updated_by.eq(by),
            o::updated_at.eq(now),
        );
        if expected_version == 0 {
            diesel::insert_into(o::table)
                .values((o::portal_id.eq(portal_id), values, o::version.eq(1)))
                .execute(conn)
                .map_err(|e| match StoreError::from(e) {
                    // Another first change got in first.
                    StoreError::Conflict(_) => StoreError::StaleVersion,
                    other => other,
                })?;
        } else {
            let n = diesel::update(
                o::table
                    .find(portal_id)
                    .filter(o::version.eq(expected_version)),
            )
            .set((values, o::version.eq(o::version + 1)))
            .execute(conn)?;
            if n == 0 {
                return Err(StoreError::StaleVersion);
            }
        }
        organisation(conn, portal_id)
    })
}

/// Sets (or with `None` removes) the organisation's logo, a new version of the profile;
/// answers the storage key of the logo it replaced, whose file row is gone.
pub fn set_logo(
    conn: &mut DbConnection,
    portal_id: i64,
    file_id: Option<i64>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<Option<String>> {
    use crate::schema::files;
    use organisation_profiles as o;
    conn.transaction(|conn| {
        let current = organisation(conn, portal_id)?;
        if current.logo_file_id.is_none() && file_id.is_none() {
            return Ok(None);
        }
        if current.version == 0 {
            diesel::insert_into(o::table)
                .values((
                    o::portal_id.eq(portal_id),
                    o::logo_file_id.eq(file_id),
                    o::updated_by.eq(by),
                    o::updated_at.eq(now),
                    o::version.eq(1),
                ))
                .execute(conn)?;
        } else {
            diesel::update(o::table.find(portal_id))
                .set((
                    o::logo_file_id.eq(file_id),
                    o::updated_by.eq(by),
                    o::updated_at.eq(now),
                    o::version.eq(o::version + 1),
                ))
                .execute(conn)?;
        }
        let Some(old) = current.logo_file_id.filter(|o| Some(*o) != file_id) else {
            return Ok(None);
        };
        let key: Option<String> = files::table
            .filter(files::portal_id.eq(portal_id))
            .filter(files::id.eq(old))
            .select(files::storage_key)
            .first(conn)
            .optional()?;
        diesel::delete(files::table.find(old)).execute(conn)?;
        Ok(key)
    })
}
