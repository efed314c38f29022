//! Domain enums stored as their names in TEXT columns, through one `ToSql`/`FromSql` pair for
//! every such enum on both backends. A name the enum does not know is an error when read, not
//! a fallback.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crm_domain::contact::ContactKind;
use crm_domain::custom_fields::FieldOwner;
use crm_domain::deal::{BidType, StageStatus};
use crm_domain::project::ProjectStatus;
use crm_domain::{Access, RecordKind};

/// An enum with a stored name per value.
pub trait StoredName: Sized + Copy + std::fmt::Debug + 'static {
    /// What the column holds, for the error on an unknown name.
    const WHAT: &'static str;
    /// The stored name.
    fn stored_name(self) -> &'static str;
    /// The value of a stored name.
    fn from_stored_name(name: &str) -> Option<Self>;
}

/// Stores domain enums that have `as_str` and `from_stored`.
macro_rules! stored_by_name {
    ($($ty:ty => $what:literal),+ $(,)?) => {$(
        impl StoredName for $ty {
            const WHAT: &'static str = $what;

            fn stored_name(self) -> &'static str {
                self.as_str()
            }

            fn from_stored_name(name: &str) -> Option<Self> {
                <$ty>::from_stored(name)
            }
        }
    )+};
}

stored_by_name!(
    RecordKind => "record kind",
    Access => "access level",
    ContactKind => "contact kind",
    FieldOwner => "custom field owner",
    StageStatus => "stage status",
    BidType => "budget type",
    ProjectStatus => "project status",
);

/// A domain enum in a TEXT column: use it in row structs and in filters
/// (`tags::record_kind.eq(Stored(kind))`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Stored<T: StoredName>(pub T);

impl<T: StoredName, DB: Backend> ToSql<Text, DB> for Stored<T>
where
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.0.stored_name().to_sql(out)
    }
}

impl<T: StoredName, DB: Backend> FromSql<Text, DB> for Stored<T>
where
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let name = String::from_sql(bytes)?;
        T::from_stored_name(&name)
            .map(Stored)
            .ok_or_else(|| format!("unknown {} {name:?} in the database", T::WHAT).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::prelude::*;

    #[test]
    fn an_unknown_stored_name_is_an_error_not_a_fallback() {
        let mut conn = diesel::SqliteConnection::establish(":memory:").unwrap();
        let kind: Stored<RecordKind> = diesel::select("contact".into_sql::<Text>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(kind.0, RecordKind::Contact);
        let err = diesel::select("dael".into_sql::<Text>())
            .get_result::<Stored<RecordKind>>(&mut conn)
            .unwrap_err();
        assert!(
            format!("{err:?}").contains("unknown record kind"),
            "{err:?}"
        );
    }
}
