//! Reusable pieces of the interface: the app frame and its parts, banners, form fields,
//! pickers and pagination.

mod app_frame;
mod create_menu;
mod form_field;
mod id_picker;
mod lang_switch;
mod load_more;
mod loading;
mod notice;
mod problem_banner;
mod sidebar;
mod top_bar;
mod user_menu;

pub use app_frame::AppFrame;
pub use create_menu::CreateMenu;
pub use form_field::{CheckField, FieldErrors, TextField};
pub use id_picker::{IdPicker, PickerOption};
pub use lang_switch::LangSwitch;
pub use load_more::LoadMore;
pub use loading::Loading;
pub use notice::Notice;
pub use problem_banner::ProblemBanner;
pub use sidebar::Sidebar;
pub use top_bar::TopBar;
pub use user_menu::UserMenu;
