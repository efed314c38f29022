//! Documents the CRM renders for people outside it: an invoice as a PDF and as a web page.
//!
//! Text is set in DejaVu Sans (shipped in `fonts/`, Latin and Cyrillic), embedded as a subset
//! with its Unicode mapping, so the text of a PDF can be selected, searched and extracted.
//! Layout is a display list built first and drawn after, so every page knows how many there are.

mod html;
mod invoice;
mod page;

pub use html::invoice_html;
pub use invoice::{invoice_pdf, Organisation};

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
#[error("rendering a PDF: {0}")]
pub struct RenderError(String);
