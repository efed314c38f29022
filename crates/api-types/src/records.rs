//! The enumerations of the wire, each with its values listed once: what the OpenAPI document
//! gives as the `enum` of a field, what the SPA offers in its choices, and what the server's
//! domain parsers accept (a test of the server holds the two lists equal).

use serde::{Deserialize, Serialize};

/// Declares a wire enumeration: its values with their wire names, `ALL` and `NAMES` in order,
/// and `as_str`.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:tt),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $wire)] $variant),+
        }

        impl $name {
            /// Every value, in the order clients offer them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The wire names of [`Self::ALL`].
            pub const NAMES: &'static [&'static str] = &[$($wire),+];

            /// The wire name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire),+
                }
            }
        }
    };
}

wire_enum! {
    /// A kind of CRM record. Calls join as they are built.
    RecordKind {
        /// A person or a company.
        Contact = "contact",
        /// A deal.
        Deal = "deal",
        /// A case (an event with a group of clients).
        Case = "case",
        /// A project.
        Project = "project",
        /// An invoice.
        Invoice = "invoice",
    }
}

wire_enum! {
    /// Where an invoice stands.
    InvoiceStatus {
        /// Being written; the only status in which it can be changed.
        Draft = "draft",
        /// Sent to the client.
        Sent = "sent",
        /// Paid.
        Paid = "paid",
        /// Refused by the client.
        Rejected = "rejected",
    }
}

wire_enum! {
    /// How an invoice was paid.
    PaymentMethod {
        /// A bank transfer.
        BankTransfer = "bank_transfer",
        /// A card.
        Card = "card",
        /// Cash.
        Cash = "cash",
        /// Anything else.
        Other = "other",
    }
}

wire_enum! {
    /// The language an invoice is printed in.
    InvoiceLanguage {
        /// Russian.
        Ru = "ru",
        /// English.
        En = "en",
    }
}

wire_enum! {
    /// Where a deal in a stage stands.
    StageStatus {
        /// Being worked on.
        Open = "open",
        /// Closed and won.
        Won = "won",
        /// Closed and lost.
        Lost = "lost",
    }
}

wire_enum! {
    /// Where a project stands.
    ProjectStatus {
        /// Being worked on.
        Open = "open",
        /// On hold.
        Paused = "paused",
        /// Done with.
        Closed = "closed",
    }
}

wire_enum! {
    /// How a deal's budget is counted.
    BidType {
        /// One amount.
        Fixed = "fixed",
        /// Per hour.
        PerHour = "per_hour",
        /// Per day.
        PerDay = "per_day",
        /// Per week.
        PerWeek = "per_week",
        /// Per month.
        PerMonth = "per_month",
        /// Per year.
        PerYear = "per_year",
    }
}

wire_enum! {
    /// Person or company.
    ContactKind {
        /// A person.
        Person = "person",
        /// A company.
        Company = "company",
    }
}

wire_enum! {
    /// Who may see and change a record besides its members (a contact's managers) and CRM
    /// admins.
    AccessLevel {
        /// Members and CRM admins only.
        Private = "private",
        /// Every CRM user may read it.
        SharedRead = "shared_read",
        /// Every CRM user may read and change it.
        SharedWrite = "shared_write",
    }
}

wire_enum! {
    /// A kind of contact detail.
    DetailKind {
        /// An e-mail address.
        Email = "email",
        /// A phone number.
        Phone = "phone",
        /// A website.
        Website = "website",
        /// A profile in a social network or messenger.
        Social = "social",
        /// A postal address.
        Address = "address",
    }
}

wire_enum! {
    /// What a bulk action on contacts does.
    ContactBulkAction {
        /// Adds `tags`.
        AddTags = "add_tags",
        /// Removes `tags`.
        RemoveTags = "remove_tags",
        /// Sets `access`.
        SetAccess = "set_access",
        /// Sets `manager_ids`.
        SetManagers = "set_managers",
        /// Deletes the contacts.
        Delete = "delete",
    }
}

wire_enum! {
    /// What a bulk action on tasks does.
    TaskBulkAction {
        /// Closes the tasks (each about a contact writes its `task_closed` history entry).
        Close = "close",
        /// Opens closed tasks again.
        Reopen = "reopen",
        /// Gives the tasks to `responsible_id`.
        Reassign = "reassign",
        /// Moves each deadline by `shift_days`, keeping its time of day in the caller's time
        /// zone, or sets every deadline to `deadline`.
        MoveDeadline = "move_deadline",
        /// Deletes the tasks.
        Delete = "delete",
    }
}

wire_enum! {
    /// Why a bulk action left a task alone.
    TaskBulkFailureCode {
        /// No such task, or the caller cannot see it.
        NotFound = "not_found",
        /// The caller sees it but may not change it.
        Forbidden = "forbidden",
    }
}

wire_enum! {
    /// What a bulk action on deals does.
    DealBulkAction {
        /// Moves the deals to `stage_id` (of any pipeline), each as a one-step stage change:
        /// the stage's probability and close date, recorded in the stage history.
        SetStage = "set_stage",
        /// Makes `responsible_id` responsible for the deals (told of each).
        Reassign = "reassign",
        /// Adds `tags`.
        AddTags = "add_tags",
        /// Removes `tags`.
        RemoveTags = "remove_tags",
        /// Deletes the deals with their tasks, history and links.
        Delete = "delete",
    }
}

wire_enum! {
    /// Why a bulk action left a deal alone.
    DealBulkFailureCode {
        /// No such deal, or the caller cannot see it.
        NotFound = "not_found",
        /// The caller sees it but may not change it.
        Forbidden = "forbidden",
        /// Adding the tags would pass 50.
        TooManyTags = "too_many_tags",
        /// An invoice is for it, so it cannot be deleted.
        InUse = "in_use",
    }
}

wire_enum! {
    /// A type of custom field.
    FieldType {
        /// One line of text (up to 500 characters).
        Text = "text",
        /// Several lines (up to 10 000 characters).
        TextArea = "textarea",
        /// One option of a list.
        Select = "select",
        /// Yes or no.
        Checkbox = "checkbox",
        /// A calendar date.
        Date = "date",
        /// A decimal number (up to 4 decimal places).
        Number = "number",
        /// A heading that groups the fields after it; carries no value.
        Heading = "heading",
    }
}

wire_enum! {
    /// What kind of record a custom field belongs to.
    CustomFieldKind {
        /// Persons.
        Person = "person",
        /// Companies.
        Company = "company",
        /// Deals.
        Deal = "deal",
        /// Cases.
        Case = "case",
    }
}

wire_enum! {
    /// What a notification is about; its `params` are those of [`crate::Notification`].
    NotificationKind {
        /// The reader became a manager of a contact.
        ContactManagerAssigned = "contact_manager_assigned",
        /// The reader became responsible for a task.
        TaskAssigned = "task_assigned",
        /// The reader became responsible for tasks created in bulk.
        TasksAssigned = "tasks_assigned",
        /// A reminder of one of the reader's tasks is due.
        TaskReminder = "task_reminder",
        /// The reader became responsible for a deal.
        DealAssigned = "deal_assigned",
        /// A restricted deal was opened to the reader.
        DealAccessGranted = "deal_access_granted",
        /// A restricted case was opened to the reader.
        CaseAccessGranted = "case_access_granted",
        /// The reader joined a project's team.
        ProjectTeamJoined = "project_team_joined",
    }
}

wire_enum! {
    /// What the system recorded in a history entry it wrote itself.
    HistoryEvent {
        /// A task about the record was closed (`task_id` names it).
        TaskClosed = "task_closed",
        /// An invoice (of the record, or the record itself) changed status; the content says
        /// which invoice and how.
        InvoiceStatus = "invoice_status",
        /// An invoice (of the record, or the record itself) was e-mailed to its client; the
        /// content says which invoice and to whom.
        InvoiceEmailed = "invoice_emailed",
    }
}

impl RecordKind {
    /// The collection its records live under (`/api/v1/<collection>/{id}`).
    pub fn collection(self) -> &'static str {
        match self {
            Self::Contact => "contacts",
            Self::Deal => "deals",
            Self::Case => "cases",
            Self::Project => "projects",
            Self::Invoice => "invoices",
        }
    }
}

/// One record of some kind, as clients address it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordRef {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id within the kind.
    pub id: i64,
}

impl RecordRef {
    /// A contact.
    pub fn contact(id: i64) -> Self {
        Self {
            kind: RecordKind::Contact,
            id,
        }
    }

    /// Its path under `/api/v1`, e.g. `/contacts/7`.
    pub fn path(self) -> String {
        format!("/{}/{}", self.kind.collection(), self.id)
    }
}
