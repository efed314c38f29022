//! The CRM single-page app: Yew function components compiled to WebAssembly.

mod app;
mod components;
mod hooks;
mod i18n;
mod pages;
mod services;

fn main() {
    services::browser::remove_boot_indicator();
    yew::Renderer::<app::App>::new().render();
}
