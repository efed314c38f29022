//! Pages as display lists: text measured with the shipped fonts' own advances, wrapped to a
//! width, placed on A4 pages, then drawn with krilla.

use std::sync::LazyLock;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::raw::TableProvider as _;
use skrifa::MetadataProvider as _;

use crate::RenderError;

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// The margin on every side.
pub const MARGIN: f32 = 42.0;
/// Where the page's own text stops, above its footer.
pub const BOTTOM: f32 = PAGE_HEIGHT - MARGIN - 18.0;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A face: the font krilla embeds and the advances of its glyphs, in ems.
struct Face {
    font: Font,
    /// Advance of each glyph id, in ems.
    advances: Vec<f32>,
    /// Glyph of each character up to U+FFFF (0 where the font has none).
    glyphs: Vec<u16>,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Self> {
        let font_ref = skrifa::FontRef::new(data).ok()?;
        let upem = f32::from(font_ref.head().ok()?.units_per_em());
        let metrics = font_ref.glyph_metrics(FontSize::unscaled(), LocationRef::default());
        let count = metrics.glyph_count();
        let advances = (0..count)
            .map(|g| {
                metrics
                    .advance_width(skrifa::GlyphId::new(g))
                    .unwrap_or(0.0)
                    / upem
            })
            .collect();
        let mut glyphs = vec![0u16; 0x1_0000];
        for (c, g) in font_ref.charmap().mappings() {
            if let (Ok(i), Ok(g)) = (usize::try_from(c), u16::try_from(g.to_u32())) {
                if let Some(slot) = glyphs.get_mut(i) {
                    *slot = g;
                }
            }
        }
        Some(Self {
            font: Font::new(data.into(), 0)?,
            advances,
            glyphs,
        })
    }

    fn glyph(&self, c: char) -> u16 {
        self.glyphs.get(c as usize).copied().unwrap_or(0)
    }

    fn advance(&self, glyph: u16) -> f32 {
        self.advances
            .get(usize::from(glyph))
            .copied()
            .unwrap_or(0.0)
    }
}

static FACES: LazyLock<Option<[Face; 2]>> =
    LazyLock::new(|| Some([Face::load(REGULAR)?, Face::load(BOLD)?]));

fn faces() -> Result<&'static [Face; 2], RenderError> {
    FACES
        .as_ref()
        .ok_or_else(|| RenderError("the shipped fonts cannot be read".into()))
}

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// How text sits on its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Starts at x.
    Left,
    /// Ends at x.
    Right,
}

/// Text style: size in points, weight and grey level (0 black).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub grey: u8,
}

impl Style {
    pub const fn new(size: f32, weight: Weight) -> Self {
        Self {
            size,
            weight,
            grey: 0,
        }
    }

    pub const fn grey(self, grey: u8) -> Self {
        Self { grey, ..self }
    }

    /// The distance between two lines of this style.
    pub fn leading(self) -> f32 {
        self.size * 1.3
    }
}

/// Something drawn on a page.
enum Item {
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        grey: u8,
    },
    Band {
        rect: Rect,
        grey: u8,
    },
    Image {
        image: Image,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A document being laid out: its pages and where the next line goes on the last one.
pub struct Sheet {
    fonts: &'static [Face; 2],
    pages: Vec<Vec<Item>>,
    /// The top of what comes next on the last page.
    pub y: f32,
}

impl Sheet {
    pub fn new() -> Result<Self, RenderError> {
        Ok(Self {
            fonts: faces()?,
            pages: vec![Vec::new()],
            y: MARGIN,
        })
    }

    fn face(&self, weight: Weight) -> &Face {
        &self.fonts[usize::from(weight == Weight::Bold)]
    }

    /// The width of `text` set in `style`.
    pub fn width(&self, text: &str, style: Style) -> f32 {
        let face = self.face(style.weight);
        text.chars()
            .map(|c| face.advance(face.glyph(c)))
            .sum::<f32>()
            * style.size
    }

    /// `text` broken into lines at most `width` wide: at its line breaks, between words, and
    /// inside a word longer than the width.
    pub fn wrap(&self, text: &str, width: f32, style: Style) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.replace('\r', "").replace('\t', " ").split('\n') {
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let joined = if line.is_empty() {
                    word.to_owned()
                } else {
                    format!("{line} {word}")
                };
                if self.width(&joined, style) <= width {
                    line = joined;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, style) > width && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn page(&mut self) -> &mut Vec<Item> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Whether `height` more fits on the current page.
    pub fn fits(&self, height: f32) -> bool {
        self.y + height <= BOTTOM
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// One line of text whose top is at `top`.
    pub fn text(&mut self, x: f32, top: f32, text: &str, style: Style, align: Align) {
        let text = text.replace(['\r', '\n', '\t'], " ");
        let x = match align {
            Align::Left => x,
            Align::Right => x - self.width(&text, style),
        };
        // The baseline sits about four fifths of the size below the top of the line.
        let baseline = top + style.size * 0.95;
        self.page().push(Item::Text {
            x,
            baseline,
            style,
            text,
        });
    }

    /// Lines of text from `top` down; returns the height they take.
    pub fn lines(&mut self, x: f32, top: f32, lines: &[String], style: Style, align: Align) -> f32 {
        for (i, line) in lines.iter().enumerate() {
            self.text(x, top + style.leading() * i as f32, line, style, align);
        }
        style.leading() * lines.len() as f32
    }

    /// A horizontal hairline.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, grey: u8) {
        self.page().push(Item::Rule { x1, x2, y, grey });
    }

    /// A filled band behind what is drawn after it.
    pub fn band(&mut self, x: f32, y: f32, w: f32, h: f32, grey: u8) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            self.page().push(Item::Band { rect, grey });
        }
    }

    /// A PNG or JPEG fitted into the box at (`x`, `y`) of `max_w` × `max_h`, keeping its
    /// proportions; returns the size drawn, or `None` for bytes that are neither.
    pub fn image(
        &mut self,
        bytes: &[u8],
        x: f32,
        y: f32,
        max_w: f32,
        max_h: f32,
    ) -> Option<(f32, f32)> {
        let data = bytes.to_vec().into();
        let image = if bytes.starts_with(b"\x89PNG") {
            Image::from_png(data, true).ok()?
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            Image::from_jpeg(data, true).ok()?
        } else {
            return None;
        };
        let (pw, ph) = image.size();
        if pw == 0 || ph == 0 {
            return None;
        }
        let scale = (max_w / pw as f32).min(max_h / ph as f32).min(1.0);
        let (w, h) = (pw as f32 * scale, ph as f32 * scale);
        self.page().push(Item::Image { image, x, y, w, h });
        Some((w, h))
    }

    /// The pages, each given its footer by `footer(page, pages)`.
    pub fn finish(
        mut self,
        metadata: Metadata,
        footer: impl Fn(usize, usize) -> String,
    ) -> Result<Vec<u8>, RenderError> {
        let count = self.pages.len();
        let style = Style::new(7.5, Weight::Regular).grey(110);
        for n in 0..count {
            let text = footer(n + 1, count);
            let x = PAGE_WIDTH / 2.0 - self.width(&text, style) / 2.0;
            self.pages[n].push(Item::Text {
                x,
                baseline: PAGE_HEIGHT - MARGIN,
                style,
                text,
            });
        }
        let mut document = Document::new();
        document.set_metadata(metadata);
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| RenderError("page size".into()))?;
        for items in &self.pages {
            let mut page = document.start_page_with(settings.clone());
            let mut surface = page.surface();
            for item in items {
                match item {
                    Item::Text {
                        x,
                        baseline,
                        style,
                        text,
                    } => {
                        let face = self.face(style.weight);
                        let glyphs: Vec<KrillaGlyph> = text
                            .char_indices()
                            .map(|(at, c)| {
                                let g = face.glyph(c);
                                KrillaGlyph::new(
                                    GlyphId::new(u32::from(g)),
                                    face.advance(g),
                                    0.0,
                                    0.0,
                                    0.0,
                                    at..at + c.len_utf8(),
                                    None,
                                )
                            })
                            .collect();
                        surface.set_fill(Some(fill(style.grey)));
                        surface.set_stroke(None);
                        surface.draw_glyphs(
                            Point::from_xy(*x, *baseline),
                            &glyphs,
                            face.font.clone(),
                            text,
                            style.size,
                            false,
                        );
                    }
                    Item::Rule { x1, x2, y, grey } => {
                        let mut path = PathBuilder::new();
                        path.move_to(*x1, *y);
                        path.line_to(*x2, *y);
                        if let Some(path) = path.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(Stroke {
                                paint: rgb::Color::new(*grey, *grey, *grey).into(),
                                width: 0.6,
                                ..Stroke::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Band { rect, grey } => {
                        let mut path = PathBuilder::new();
                        path.push_rect(*rect);
                        if let Some(path) = path.finish() {
                            surface.set_stroke(None);
                            surface.set_fill(Some(fill(*grey)));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Image { image, x, y, w, h } => {
                        if let Some(size) = Size::from_wh(*w, *h) {
                            surface.push_transform(&Transform::from_translate(*x, *y));
                            surface.draw_image(image.clone(), size);
                            surface.pop();
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.finish().map_err(|e| RenderError(format!("{e:?}")))
    }
}

fn fill(grey: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(grey, grey, grey).into(),
        ..Fill::default()
    }
}
