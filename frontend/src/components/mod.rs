//! Reusable pieces of the interface: the app frame and its parts, banners, form fields,
//! a copy box, pickers, contact and task category markers, pagination, job progress, the
//! notification bell, and what every record kind shares (`records`).

mod app_frame;
mod bulk_outcome;
mod category_badge;
mod contact_badges;
mod contact_picker;
mod copy_field;
mod create_menu;
mod export_menu;
mod form_field;
mod id_picker;
mod job_progress;
mod lang_switch;
mod load_more;
mod loading;
mod notice;
mod notification_bell;
mod problem_banner;
pub mod records;
mod search_box;
mod select_field;
mod sidebar;
mod skeleton;
mod time_zones;
mod top_bar;
mod user_menu;

pub use app_frame::{use_record_title, AppFrame};
pub use bulk_outcome::{send_bulk, BulkOutcome, BulkOutcomeBanner, BulkPanel};
pub use category_badge::CategoryBadge;
pub use contact_badges::{is_hex_color, AccessBadge, ColorDot};
pub use contact_picker::ContactPicker;
pub use copy_field::CopyField;
pub use create_menu::CreateMenu;
pub use export_menu::{filter_of, ExportMenu, FullExport};
pub use form_field::{CheckField, FieldErrors, TextAreaField, TextField};
pub use id_picker::{IdPicker, PickerOption};
pub use job_progress::JobProgress;
pub use lang_switch::LangSwitch;
pub use load_more::LoadMore;
pub use loading::Loading;
pub use notice::Notice;
pub use notification_bell::{moment, route_of, NotificationBell};
pub use problem_banner::ProblemBanner;
pub use records::TagInput;
pub use search_box::SearchBox;
pub use select_field::{SelectField, SelectOption};
pub use sidebar::Sidebar;
pub use skeleton::{SkeletonRows, SkeletonTable};
pub use time_zones::TimeZoneList;
pub use top_bar::TopBar;
pub use user_menu::UserMenu;
