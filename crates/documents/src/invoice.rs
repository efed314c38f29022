//! An invoice as a PDF, in the invoice's language: the organisation with its logo, the client
//! and consignee, the lines, taxes and totals as the server computed them, terms and notes.

use chrono::NaiveDate;
use crm_api_types::invoices::{InvoiceLineResponse, InvoiceResponse};
use crm_api_types::InvoiceLanguage;
use crm_domain::deal::Currency;
use crm_domain::Locale;
use krilla::metadata::Metadata;

use crate::page::{Align, Sheet, Style, Weight, MARGIN, PAGE_WIDTH};
use crate::RenderError;

/// The organisation an invoice is issued by.
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub name: String,
    pub address: String,
    pub tax_id: String,
    pub bank_details: String,
    /// The logo as stored: PNG or JPEG.
    pub logo: Option<Vec<u8>>,
}

/// The words of an invoice in one language.
pub(crate) struct Words {
    pub(crate) title: &'static str,
    pub(crate) number: &'static str,
    pub(crate) issued: &'static str,
    pub(crate) due: &'static str,
    pub(crate) purchase_order: &'static str,
    pub(crate) tax_id: &'static str,
    pub(crate) bill_to: &'static str,
    pub(crate) ship_to: &'static str,
    pub(crate) no: &'static str,
    pub(crate) description: &'static str,
    pub(crate) quantity: &'static str,
    pub(crate) price: &'static str,
    pub(crate) discount: &'static str,
    pub(crate) taxes: &'static str,
    pub(crate) amount: &'static str,
    pub(crate) subtotal: &'static str,
    pub(crate) discount_total: &'static str,
    pub(crate) total: &'static str,
    pub(crate) paid: &'static str,
    pub(crate) balance: &'static str,
    pub(crate) rate: &'static str,
    pub(crate) in_base: &'static str,
    pub(crate) terms: &'static str,
    pub(crate) notes: &'static str,
    pub(crate) bank: &'static str,
    pub(crate) page: &'static str,
    pub(crate) download: &'static str,
    pub(crate) of: &'static str,
}

const RU: Words = Words {
    title: "Счёт",
    number: "№",
    issued: "Дата счёта",
    due: "Оплатить до",
    purchase_order: "Номер заказа",
    tax_id: "ИНН",
    bill_to: "Плательщик",
    ship_to: "Грузополучатель",
    no: "№",
    description: "Наименование",
    quantity: "Кол-во",
    price: "Цена",
    discount: "Скидка",
    taxes: "Налоги",
    amount: "Сумма",
    subtotal: "Итого без скидки",
    discount_total: "Скидка",
    total: "Всего к оплате",
    paid: "Оплачено",
    balance: "Остаток к оплате",
    rate: "Курс",
    in_base: "Всего в",
    terms: "Условия оплаты",
    notes: "Примечание",
    bank: "Банковские реквизиты",
    page: "стр.",
    download: "Скачать PDF",
    of: "из",
};

const EN: Words = Words {
    title: "Invoice",
    number: "No.",
    issued: "Issue date",
    due: "Due date",
    purchase_order: "Purchase order",
    tax_id: "Tax ID",
    bill_to: "Bill to",
    ship_to: "Ship to",
    no: "#",
    description: "Description",
    quantity: "Qty",
    price: "Price",
    discount: "Disc.",
    taxes: "Taxes",
    amount: "Amount",
    subtotal: "Subtotal",
    discount_total: "Discount",
    total: "Total due",
    paid: "Paid",
    balance: "Balance due",
    rate: "Exchange rate",
    in_base: "Total in",
    terms: "Terms",
    notes: "Notes",
    bank: "Bank details",
    page: "page",
    download: "Download the PDF",
    of: "of",
};

const BODY: Style = Style::new(9.0, Weight::Regular);
const SMALL: Style = Style::new(8.0, Weight::Regular);
const STRONG: Style = Style::new(9.0, Weight::Bold);
const HEAD: Style = Style::new(8.0, Weight::Bold);
const CONTENT: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const RIGHT: f32 = PAGE_WIDTH - MARGIN;

/// Where each column of the lines table ends (its right edge), left to right.
struct Columns {
    no: f32,
    description: f32,
    quantity: f32,
    price: f32,
    discount: f32,
    taxes: f32,
    amount: f32,
}

const COLUMNS: Columns = Columns {
    no: MARGIN + 20.0,
    description: RIGHT - 296.0,
    quantity: RIGHT - 240.0,
    price: RIGHT - 166.0,
    discount: RIGHT - 126.0,
    taxes: RIGHT - 78.0,
    amount: RIGHT,
};
const GAP: f32 = 6.0;

/// The invoice as a PDF in its own language.
pub fn invoice_pdf(inv: &InvoiceResponse, org: &Organisation) -> Result<Vec<u8>, RenderError> {
    let (locale, w) = language(inv);
    let mut s = Sheet::new()?;
    header(&mut s, inv, org, w, locale);
    parties(&mut s, inv, w);
    table_head(&mut s, w);
    let places = Currency::parse("currency", &inv.currency).map_or(2, |c| c.exponent());
    for (i, line) in inv.lines.iter().enumerate() {
        table_line(&mut s, i + 1, line, (w, locale, places));
    }
    totals(&mut s, inv, w, locale);
    for (heading, text) in [(w.terms, &inv.terms), (w.notes, &inv.notes)] {
        block(&mut s, heading, text);
    }
    let title = format!("{} {} {}", w.title, w.number, inv.number);
    let metadata = Metadata::new()
        .title(title.clone())
        .language(locale.as_str().to_owned())
        .creator("CRM".to_owned());
    s.finish(metadata, |n, of| {
        format!("{title} · {} {n} {} {of}", w.page, w.of)
    })
}

/// The invoice's language and its words.
pub(crate) fn language(inv: &InvoiceResponse) -> (Locale, &'static Words) {
    match inv.language {
        InvoiceLanguage::Ru => (Locale::Ru, &RU),
        InvoiceLanguage::En => (Locale::En, &EN),
    }
}

/// The dates, purchase order and exchange rate under the number: label and value.
pub(crate) fn facts(
    inv: &InvoiceResponse,
    w: &Words,
    locale: Locale,
) -> Vec<(&'static str, String)> {
    let mut facts = vec![
        (w.issued, date(inv.issue_date, locale)),
        (w.due, date(inv.due_date, locale)),
    ];
    if !inv.purchase_order.is_empty() {
        facts.push((w.purchase_order, inv.purchase_order.clone()));
    }
    if let Some(rate) = inv.exchange_rate.as_deref() {
        facts.push((
            w.rate,
            format!(
                "1 {} = {} {}",
                inv.currency,
                locale.write_decimal(rate),
                inv.base_currency
            ),
        ));
    }
    facts
}

/// How a row of the totals stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Emphasis {
    Plain,
    Strong,
    /// The total due.
    Grand,
    Muted,
}

/// The rows of the totals under the lines: label, amount with its currency, emphasis.
pub(crate) fn total_rows(
    inv: &InvoiceResponse,
    w: &Words,
    locale: Locale,
) -> Vec<(String, String, Emphasis)> {
    let money = |amount: &str| format!("{} {}", locale.write_decimal(amount), inv.currency);
    let mut rows = Vec::new();
    if !is_zero(&inv.discount) {
        rows.push((w.subtotal.to_owned(), money(&inv.subtotal), Emphasis::Plain));
        rows.push((
            w.discount_total.to_owned(),
            format!("−{}", money(&inv.discount)),
            Emphasis::Plain,
        ));
    }
    for tax in &inv.taxes {
        let name = tax.name.clone().unwrap_or_default();
        let label = format!("{name} {}% ", locale.write_decimal(&plain(&tax.rate)));
        rows.push((label.trim().to_owned(), money(&tax.amount), Emphasis::Plain));
    }
    rows.push((w.total.to_owned(), money(&inv.total), Emphasis::Grand));
    if !is_zero(&inv.paid) {
        rows.push((w.paid.to_owned(), money(&inv.paid), Emphasis::Plain));
        rows.push((w.balance.to_owned(), money(&inv.balance), Emphasis::Strong));
    }
    if let (Some(base), Some(_)) = (&inv.base_total, &inv.exchange_rate) {
        rows.push((
            format!("{} {}", w.in_base, inv.base_currency),
            format!("{} {}", locale.write_decimal(base), inv.base_currency),
            Emphasis::Muted,
        ));
    }
    rows
}

/// A line's quantity, price, discount, taxes and amount as the language writes them.
pub(crate) fn line_cells(line: &InvoiceLineResponse, locale: Locale, places: u32) -> [String; 5] {
    let taxes = line
        .taxes
        .iter()
        .map(|t| format!("{}%", locale.write_decimal(&plain(&t.rate))))
        .collect::<Vec<_>>()
        .join(" + ");
    let discount = if is_zero(&line.discount) {
        String::new()
    } else {
        format!("{}%", locale.write_decimal(&plain(&line.discount)))
    };
    [
        locale.write_decimal(&plain(&line.quantity)),
        locale.write_decimal(&padded(&line.price, places)),
        discount,
        taxes,
        locale.write_decimal(&line.net),
    ]
}

fn header(s: &mut Sheet, inv: &InvoiceResponse, org: &Organisation, w: &Words, locale: Locale) {
    let top = s.y;
    let mut left = top;
    if let Some(logo) = &org.logo {
        if let Some((_, h)) = s.image(logo, MARGIN, top, 160.0, 56.0) {
            left += h + 10.0;
        }
    }
    let half = CONTENT / 2.0 - 10.0;
    if !org.name.is_empty() {
        let name = s.wrap(&org.name, half, Style::new(11.0, Weight::Bold));
        left += s.lines(
            MARGIN,
            left,
            &name,
            Style::new(11.0, Weight::Bold),
            Align::Left,
        );
    }
    let mut details: Vec<String> = Vec::new();
    details.extend(s.wrap(&org.address, half, BODY));
    if !org.tax_id.is_empty() {
        details.push(format!("{}: {}", w.tax_id, org.tax_id));
    }
    if !org.bank_details.is_empty() {
        details.push(format!("{}:", w.bank));
        details.extend(s.wrap(&org.bank_details, half, BODY));
    }
    details.retain(|l| !l.is_empty());
    left += s.lines(MARGIN, left, &details, BODY, Align::Left);

    let mut right = top;
    let title = Style::new(20.0, Weight::Bold);
    s.text(RIGHT, right, w.title, title, Align::Right);
    right += title.leading();
    let number = Style::new(12.0, Weight::Bold);
    s.text(
        RIGHT,
        right,
        &format!("{} {}", w.number, inv.number),
        number,
        Align::Right,
    );
    right += number.leading() + 4.0;
    for (label, value) in facts(inv, w, locale) {
        s.text(
            RIGHT - 110.0,
            right,
            &format!("{label}:"),
            BODY.grey(90),
            Align::Right,
        );
        s.text(RIGHT, right, &value, BODY, Align::Right);
        right += BODY.leading();
    }
    s.y = left.max(right) + 18.0;
}

fn parties(s: &mut Sheet, inv: &InvoiceResponse, w: &Words) {
    let half = CONTENT / 2.0 - 10.0;
    let mut blocks = vec![(
        w.bill_to,
        inv.client_name.clone().unwrap_or_default(),
        &inv.billing_address,
    )];
    if inv.consignee_id.is_some() || !inv.delivery_address.is_empty() {
        blocks.push((
            w.ship_to,
            inv.consignee_name.clone().unwrap_or_default(),
            &inv.delivery_address,
        ));
    }
    let top = s.y;
    let mut bottom = top;
    for (i, (heading, name, address)) in blocks.into_iter().enumerate() {
        let x = MARGIN + i as f32 * (half + 20.0);
        let mut y = top;
        s.text(x, y, heading, HEAD.grey(90), Align::Left);
        y += HEAD.leading() + 2.0;
        let name = s.wrap(&name, half, STRONG);
        y += s.lines(x, y, &name, STRONG, Align::Left);
        let mut address = s.wrap(address, half, BODY);
        address.retain(|l| !l.is_empty());
        y += s.lines(x, y, &address, BODY, Align::Left);
        bottom = bottom.max(y);
    }
    s.y = bottom + 16.0;
}

fn table_head(s: &mut Sheet, w: &Words) {
    let c = &COLUMNS;
    let height = HEAD.leading() + 6.0;
    s.band(MARGIN, s.y, CONTENT, height, 235);
    let y = s.y + 3.0;
    s.text(c.no - GAP, y, w.no, HEAD, Align::Right);
    s.text(c.no + GAP, y, w.description, HEAD, Align::Left);
    for (right, label) in [
        (c.quantity, w.quantity),
        (c.price, w.price),
        (c.discount, w.discount),
        (c.taxes, w.taxes),
        (c.amount - GAP, w.amount),
    ] {
        s.text(right, y, label, HEAD, Align::Right);
    }
    s.y += height + 3.0;
}

fn table_line(
    s: &mut Sheet,
    n: usize,
    line: &InvoiceLineResponse,
    (w, locale, places): (&Words, Locale, u32),
) {
    let c = &COLUMNS;
    let description = s.wrap(&line.description, c.description - c.no - 2.0 * GAP, BODY);
    let height = BODY.leading() * description.len() as f32 + 5.0;
    if !s.fits(height) {
        s.new_page();
        table_head(s, w);
    }
    let y = s.y;
    s.text(c.no - GAP, y, &n.to_string(), BODY.grey(90), Align::Right);
    s.lines(c.no + GAP, y, &description, BODY, Align::Left);
    let rights = [c.quantity, c.price, c.discount, c.taxes, c.amount - GAP];
    for (right, text) in rights.into_iter().zip(line_cells(line, locale, places)) {
        s.text(right, y, &text, BODY, Align::Right);
    }
    s.y += height;
    s.rule(MARGIN, RIGHT, s.y - 2.5, 220);
}

fn totals(s: &mut Sheet, inv: &InvoiceResponse, w: &Words, locale: Locale) {
    let rows: Vec<(String, String, Style)> = total_rows(inv, w, locale)
        .into_iter()
        .map(|(label, value, emphasis)| {
            let style = match emphasis {
                Emphasis::Plain => BODY,
                Emphasis::Strong => STRONG,
                Emphasis::Grand => Style::new(11.0, Weight::Bold),
                Emphasis::Muted => BODY.grey(90),
            };
            (label, value, style)
        })
        .collect();
    let height: f32 = rows.iter().map(|r| r.2.leading()).sum::<f32>() + 12.0;
    if !s.fits(height) {
        s.new_page();
    }
    let values = rows
        .iter()
        .map(|(_, value, style)| s.width(value, *style))
        .fold(0.0, f32::max);
    let label_right = RIGHT - GAP - values - 14.0;
    let mut y = s.y + 6.0;
    for (label, value, style) in rows {
        s.text(label_right, y, &label, style, Align::Right);
        s.text(RIGHT - GAP, y, &value, style, Align::Right);
        y += style.leading();
    }
    s.y = y + 14.0;
}

fn block(s: &mut Sheet, heading: &str, text: &str) {
    if text.trim().is_empty() {
        return;
    }
    let lines = s.wrap(text.trim(), CONTENT, BODY);
    for (i, line) in lines.iter().enumerate() {
        let head = if i == 0 { HEAD.leading() + 2.0 } else { 0.0 };
        if !s.fits(head + SMALL.leading()) {
            s.new_page();
        }
        if i == 0 {
            s.text(MARGIN, s.y, heading, HEAD.grey(90), Align::Left);
            s.y += head;
        }
        s.text(MARGIN, s.y, line, BODY, Align::Left);
        s.y += BODY.leading();
    }
    s.y += 10.0;
}

/// A day as the language writes it on paper.
pub(crate) fn date(day: NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Ru => day.format("%d.%m.%Y").to_string(),
        Locale::En => day.format("%-d %B %Y").to_string(),
    }
}

/// A decimal without the zeros after its point: `20.00` → `20`, `1.500` → `1.5`.
fn plain(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text.to_owned()
    }
}

/// A decimal with at least `places` digits after its point: `1234.5` → `1234.50`.
fn padded(text: &str, places: u32) -> String {
    let places = places as usize;
    match text.split_once('.') {
        Some((_, fraction)) if fraction.len() >= places => text.to_owned(),
        Some((_, fraction)) => format!("{text}{}", "0".repeat(places - fraction.len())),
        None if places == 0 => text.to_owned(),
        None => format!("{text}.{}", "0".repeat(places)),
    }
}

fn is_zero(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '0' | '.' | '-'))
}
