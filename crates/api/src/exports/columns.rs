//! What each kind's export holds: its columns, their headings in both languages, and the
//! values of a record as the API shows it. References come out as names; values of closed
//! sets (kind, access, status) as their API names, so that a file imports back.

use std::collections::HashMap;

use chrono::{DateTime, TimeZone as _, Utc};
use crm_api_types::{
    CaseResponse, ContactResponse, CustomValue, DealResponse, ExportKind, InvoiceResponse,
    TaskResponse,
};
use crm_domain::contact::{DetailKind, NETWORKS};
use crm_domain::custom_fields::FieldOwner;
use crm_domain::Locale;
use crm_persistence::lookups::Lookups;
use crm_persistence::DbConnection;

use super::table::{Cell, Col, Row};
use super::Caller;
use crate::error::ApiResult;

/// A heading in English and Russian.
type Words = (&'static str, &'static str);

const CONTACT: &[Words] = &[
    ("ID", "ID"),
    ("Kind", "Вид"),
    ("First name", "Имя"),
    ("Last name", "Фамилия"),
    ("Company name", "Название компании"),
    ("Company", "Компания"),
    ("Job title", "Должность"),
    ("Type", "Тип"),
    ("Temperature", "Температура"),
    ("Industry", "Отрасль"),
    ("Currency", "Валюта"),
    ("Access", "Доступ"),
    ("Managers", "Менеджеры"),
    ("Tags", "Теги"),
    ("Notes", "Описание"),
];

const DEAL: &[Words] = &[
    ("ID", "ID"),
    ("Title", "Название"),
    ("Client", "Клиент"),
    ("Participants", "Участники"),
    ("Responsible", "Ответственный"),
    ("Pipeline", "Воронка"),
    ("Stage", "Этап"),
    ("Status", "Статус"),
    ("Probability, %", "Вероятность, %"),
    ("Currency", "Валюта"),
    ("Amount", "Сумма"),
    ("Bid type", "Тип оплаты"),
    ("Periods", "Периодов"),
    ("Value", "Стоимость"),
    ("Expected close", "Ожидаемая дата закрытия"),
    ("Actual close", "Дата закрытия"),
    ("Restricted", "Ограниченный доступ"),
    ("Tags", "Теги"),
    ("Description", "Описание"),
];

const CASE: &[Words] = &[
    ("ID", "ID"),
    ("Title", "Название"),
    ("Participants", "Участники"),
    ("Closed", "Закрыто"),
    ("Restricted", "Ограниченный доступ"),
    ("Tags", "Теги"),
];

const TASK: &[Words] = &[
    ("ID", "ID"),
    ("Title", "Название"),
    ("Category", "Категория"),
    ("Deadline", "Срок"),
    ("Responsible", "Ответственный"),
    ("Contact", "Контакт"),
    ("About", "Связано с"),
    ("Closed", "Закрыта"),
    ("Description", "Описание"),
];

const INVOICE: &[Words] = &[
    ("ID", "ID"),
    ("Number", "Номер"),
    ("Status", "Статус"),
    ("Issue date", "Дата выставления"),
    ("Due date", "Срок оплаты"),
    ("Client", "Клиент"),
    ("Consignee", "Грузополучатель"),
    ("Deal", "Сделка"),
    ("Currency", "Валюта"),
    ("Exchange rate", "Курс"),
    ("Subtotal", "Сумма без скидки и налогов"),
    ("Discount", "Скидка"),
    ("Tax", "Налог"),
    ("Total", "Итого"),
    ("Paid", "Оплачено"),
    ("Balance", "К оплате"),
    ("Purchase order", "Номер заказа"),
];

const DETAIL: &[Words] = &[
    ("Contact ID", "ID контакта"),
    ("Kind", "Вид"),
    ("Category", "Категория"),
    ("Value", "Значение"),
    ("Network", "Сеть"),
    ("Primary", "Основной"),
    ("Street", "Улица"),
    ("City", "Город"),
    ("Region", "Регион"),
    ("Postcode", "Индекс"),
    ("Country", "Страна"),
];

const HISTORY: &[Words] = &[
    ("ID", "ID"),
    ("Record kind", "Вид записи"),
    ("Record ID", "ID записи"),
    ("Category", "Категория"),
    ("Author", "Автор"),
    ("Happened", "Когда"),
    ("Event", "Событие"),
    ("Content", "Содержание"),
];

const PRODUCT: &[Words] = &[
    ("ID", "ID"),
    ("SKU", "Артикул"),
    ("Title", "Название"),
    ("Description", "Описание"),
    ("Price", "Цена"),
    ("Currency", "Валюта"),
    ("Stock counted", "Учёт остатков"),
    ("Stock", "Остаток"),
];

const TAIL: &[Words] = &[("Created", "Создано"), ("Updated", "Изменено")];

const DETAIL_KINDS: &[Words] = &[
    ("E-mail", "E-mail"),
    ("Phone", "Телефон"),
    ("Website", "Сайт"),
    ("Social", "Соцсеть"),
    ("Address", "Адрес"),
];

const CATEGORIES: &[(&str, Words)] = &[
    ("work", ("work", "рабочий")),
    ("home", ("home", "домашний")),
    ("other", ("other", "другой")),
    ("mobile", ("mobile", "мобильный")),
    ("fax", ("fax", "факс")),
    ("direct", ("direct", "прямой")),
    ("postal", ("postal", "почтовый")),
    ("office", ("office", "офис")),
    ("billing", ("billing", "для счетов")),
];

const ADDRESS_PARTS: &[Words] = &[
    ("street", "улица"),
    ("city", "город"),
    ("region", "регион"),
    ("postcode", "индекс"),
    ("country", "страна"),
];

/// A table an export writes: a list, or (in a full export) a whole table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    List(ExportKind),
    /// Every contact detail, one per row.
    Details,
    /// Every history entry.
    History,
    /// The catalog.
    Products,
}

impl Sheet {
    /// Its name in file names.
    pub fn name(self) -> &'static str {
        match self {
            Self::List(ExportKind::Contacts) => "contacts",
            Self::List(ExportKind::Deals) => "deals",
            Self::List(ExportKind::Cases) => "cases",
            Self::List(ExportKind::Tasks) => "tasks",
            Self::List(ExportKind::Invoices) => "invoices",
            Self::Details => "contact_details",
            Self::History => "history",
            Self::Products => "products",
        }
    }

    fn fields(self) -> &'static [Words] {
        match self {
            Self::List(ExportKind::Contacts) => CONTACT,
            Self::List(ExportKind::Deals) => DEAL,
            Self::List(ExportKind::Cases) => CASE,
            Self::List(ExportKind::Tasks) => TASK,
            Self::List(ExportKind::Invoices) => INVOICE,
            Self::Details => DETAIL,
            Self::History => HISTORY,
            Self::Products => PRODUCT,
        }
    }

    /// Whether field `i` is a time of day, whose heading names the time zone.
    fn timed(self, i: u8) -> bool {
        matches!(
            (self, i),
            (Self::List(ExportKind::Tasks), 3) | (Self::History, 5)
        )
    }
}

/// The columns every file of `sheet` has, empty or not.
pub fn fixed(sheet: Sheet) -> Vec<Col> {
    let n = u8::try_from(sheet.fields().len()).unwrap_or(u8::MAX);
    let tail = if sheet == Sheet::Details { 0 } else { 2 };
    (0..n)
        .map(Col::Field)
        .chain((0..tail).map(Col::Tail))
        .collect()
}

fn say(words: Words, locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => words.1,
        _ => words.0,
    }
}

/// A column's heading in the caller's language; times say their time zone.
pub fn heading(sheet: Sheet, col: Col, names: &Names, caller: &Caller) -> String {
    let l = caller.locale;
    let category = |kind: DetailKind, c: u8| {
        let name = kind
            .categories()
            .get(usize::from(c))
            .copied()
            .unwrap_or("other");
        CATEGORIES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(name, |(_, w)| say(*w, l))
    };
    let zone = caller.time_zone.name();
    match col {
        Col::Field(i) => {
            let h = sheet
                .fields()
                .get(usize::from(i))
                .map_or("", |w| say(*w, l));
            if sheet.timed(i) {
                format!("{h} ({zone})")
            } else {
                h.to_owned()
            }
        }
        Col::Detail(k, c) => {
            let kind = DetailKind::ALL[usize::from(k).min(DetailKind::ALL.len() - 1)];
            let words = DETAIL_KINDS[usize::from(k).min(DETAIL_KINDS.len() - 1)];
            format!("{} ({})", say(words, l), category(kind, c))
        }
        Col::Social(n) => {
            let network = NETWORKS.get(usize::from(n)).copied().unwrap_or("other");
            format!("{} ({network})", say(DETAIL_KINDS[3], l))
        }
        Col::Address(c, part) => format!(
            "{} ({}): {}",
            say(DETAIL_KINDS[4], l),
            category(DetailKind::Address, c),
            ADDRESS_PARTS
                .get(usize::from(part))
                .map_or("", |w| say(*w, l))
        ),
        Col::Custom(_, id) => names
            .custom
            .get(&id)
            .map(|f| f.label.clone())
            .unwrap_or_default(),
        Col::Tail(i) => format!(
            "{} ({zone})",
            TAIL.get(usize::from(i)).map_or("", |w| say(*w, l))
        ),
    }
}

/// A custom field as an export shows its values.
pub struct CustomField {
    label: String,
    position: i64,
    /// A select field's option labels.
    options: HashMap<i64, String>,
}

/// The names of the portal that records refer to by id.
pub struct Names {
    lookups: Lookups,
    custom: HashMap<i64, CustomField>,
}

impl Names {
    /// Reads the portal's names and custom fields.
    pub fn load(conn: &mut DbConnection, portal_id: i64) -> ApiResult<Self> {
        let lookups = crm_persistence::lookups::load(conn, portal_id)?;
        let mut custom = HashMap::new();
        for owner in FieldOwner::ALL {
            for f in crm_persistence::custom_fields::list(conn, portal_id, owner)? {
                let options = crate::app::records::options(&f)
                    .into_iter()
                    .map(|o| (o.id, o.label))
                    .collect();
                custom.insert(
                    f.id,
                    CustomField {
                        label: f.label,
                        position: f.position,
                        options,
                    },
                );
            }
        }
        Ok(Self { lookups, custom })
    }
}

/// Builds the rows of records for a caller.
pub struct Out<'a> {
    names: &'a Names,
    caller: &'a Caller,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn number(s: impl Into<String>) -> Cell {
    Cell::Number(s.into())
}

fn field(i: u8, c: Cell) -> (Col, Cell) {
    (Col::Field(i), c)
}

/// Several values in one cell, one per line.
fn joined<'s>(values: impl IntoIterator<Item = &'s str>) -> Cell {
    text(values.into_iter().collect::<Vec<_>>().join("\n"))
}

fn yes(b: bool) -> Cell {
    text(if b { "true" } else { "false" })
}

impl<'a> Out<'a> {
    pub fn new(names: &'a Names, caller: &'a Caller) -> Self {
        Self { names, caller }
    }

    fn time(&self, t: DateTime<Utc>) -> Cell {
        let local = self.caller.time_zone.from_utc_datetime(&t.naive_utc());
        text(local.format("%Y-%m-%d %H:%M").to_string())
    }

    fn user(&self, id: i64) -> String {
        self.names
            .lookups
            .users
            .get(&id)
            .cloned()
            .unwrap_or_default()
    }

    fn item(&self, id: Option<i64>) -> Cell {
        text(
            id.and_then(|i| self.names.lookups.list_items.get(&i).cloned())
                .unwrap_or_default(),
        )
    }

    fn tags(&self, ids: &[i64]) -> Cell {
        let names: Vec<&str> = ids
            .iter()
            .filter_map(|i| self.names.lookups.tags.get(i).map(String::as_str))
            .collect();
        text(names.join(", "))
    }

    fn tail(&self, row: &mut Row, created: DateTime<Utc>, updated: DateTime<Utc>) {
        row.push((Col::Tail(0), self.time(created)));
        row.push((Col::Tail(1), self.time(updated)));
    }

    fn custom(&self, row: &mut Row, values: &[CustomValue]) {
        for v in values {
            let Some(f) = self.names.custom.get(&v.field_id) else {
                continue;
            };
            let cell = match &v.value {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => text(s.clone()),
                serde_json::Value::Bool(b) => yes(*b),
                serde_json::Value::Number(n) => match n.as_i64().and_then(|o| f.options.get(&o)) {
                    Some(label) => text(label.clone()),
                    None => number(n.to_string()),
                },
                other => text(other.to_string()),
            };
            row.push((Col::Custom(f.position, v.field_id), cell));
        }
    }

    /// A contact: its fields, then its details by kind and category (the primary first,
    /// several of one column on their own lines), custom fields and times.
    pub fn contact(&self, c: ContactResponse) -> Row {
        let managers: Vec<String> = c.manager_ids.iter().map(|m| self.user(*m)).collect();
        let mut row = vec![
            field(0, number(c.id.to_string())),
            field(1, text(c.kind.as_str())),
            field(2, text(c.first_name.clone().unwrap_or_default())),
            field(3, text(c.last_name.clone().unwrap_or_default())),
            field(4, text(c.name.clone().unwrap_or_default())),
            field(
                5,
                text(
                    c.company
                        .as_ref()
                        .map(|r| r.display_name.clone())
                        .unwrap_or_default(),
                ),
            ),
            field(6, text(c.job_title.clone())),
            field(7, self.item(c.type_id)),
            field(8, self.item(c.temperature_id)),
            field(9, text(c.industry.clone())),
            field(10, text(c.currency.clone().unwrap_or_default())),
            field(11, text(c.access.as_str())),
            field(12, joined(managers.iter().map(String::as_str))),
            field(13, text(c.tags.join(", "))),
            field(14, text(c.notes.clone())),
        ];
        let mut details = c.details.clone();
        details.sort_by_key(|d| !d.is_primary);
        let mut cells: Vec<(Col, Vec<String>)> = Vec::new();
        let mut add = |col: Col, value: String| match cells.iter_mut().find(|(c, _)| *c == col) {
            Some((_, values)) => values.push(value),
            None => cells.push((col, vec![value])),
        };
        for d in &details {
            let Some(k) = DetailKind::ALL.iter().position(|k| k.as_str() == d.kind) else {
                continue;
            };
            let kind = DetailKind::ALL[k];
            let category = kind
                .categories()
                .iter()
                .position(|c| *c == d.category)
                .unwrap_or(kind.categories().len() - 1);
            let (k, category) = (
                u8::try_from(k).unwrap_or(0),
                u8::try_from(category).unwrap_or(0),
            );
            match kind {
                DetailKind::Social => {
                    let network = d.network.as_deref().unwrap_or("other");
                    let n = NETWORKS
                        .iter()
                        .position(|x| *x == network)
                        .unwrap_or(NETWORKS.len() - 1);
                    add(Col::Social(u8::try_from(n).unwrap_or(0)), d.value.clone());
                }
                DetailKind::Address => {
                    let parts = [&d.street, &d.city, &d.region, &d.postcode, &d.country];
                    for (p, part) in (0u8..).zip(parts) {
                        add(Col::Address(category, p), part.clone().unwrap_or_default());
                    }
                }
                _ => add(Col::Detail(k, category), d.value.clone()),
            }
        }
        row.extend(
            cells
                .into_iter()
                .map(|(col, values)| (col, joined(values.iter().map(String::as_str)))),
        );
        self.custom(&mut row, &c.custom_fields);
        self.tail(&mut row, c.created_at, c.updated_at);
        row
    }

    /// A deal; its contacts by the names the caller may see.
    pub fn deal(&self, d: DealResponse, contacts: &HashMap<i64, String>) -> Row {
        let name = |id: &i64| contacts.get(id).map(String::as_str);
        let client = d.contact_id.as_ref().and_then(name).unwrap_or_default();
        let members = d
            .contact_ids
            .iter()
            .filter(|c| Some(**c) != d.contact_id)
            .filter_map(name);
        let (pipeline, stage) = self
            .names
            .lookups
            .stages
            .get(&d.stage_id)
            .cloned()
            .unwrap_or_default();
        let day = |d: Option<chrono::NaiveDate>| text(d.map(|d| d.to_string()).unwrap_or_default());
        let mut row = vec![
            field(0, number(d.id.to_string())),
            field(1, text(d.title.clone())),
            field(2, text(client)),
            field(3, joined(members)),
            field(4, text(self.user(d.responsible_id))),
            field(5, text(pipeline)),
            field(6, text(stage)),
            field(7, text(d.stage_status.as_str())),
            field(8, number(d.probability.to_string())),
            field(9, text(d.currency.clone())),
            field(10, number(d.amount.clone())),
            field(11, text(d.bid_type.as_str())),
            field(12, number(d.periods.to_string())),
            field(13, number(d.value.clone())),
            field(14, day(d.expected_close_on)),
            field(15, day(d.actual_close_on)),
            field(16, yes(d.restricted)),
            field(17, self.tags(&d.tag_ids)),
            field(18, text(d.description.clone())),
        ];
        self.custom(&mut row, &d.custom_fields);
        self.tail(&mut row, d.created_at, d.updated_at);
        row
    }

    /// A case; its participants by the names the caller may see.
    pub fn case(&self, c: CaseResponse, contacts: &HashMap<i64, String>) -> Row {
        let people = c
            .contact_ids
            .iter()
            .filter_map(|id| contacts.get(id).map(String::as_str));
        let mut row = vec![
            field(0, number(c.id.to_string())),
            field(1, text(c.title.clone())),
            field(2, joined(people)),
            field(3, yes(c.closed)),
            field(4, yes(c.restricted)),
            field(5, self.tags(&c.tag_ids)),
        ];
        self.custom(&mut row, &c.custom_fields);
        self.tail(&mut row, c.created_at, c.updated_at);
        row
    }

    /// A task, its deadline in the caller's time zone.
    pub fn task(&self, t: TaskResponse) -> Row {
        let mut row = vec![
            field(0, number(t.id.to_string())),
            field(1, text(t.title.clone())),
            field(2, self.item(Some(t.category_id))),
            field(3, self.time(t.deadline)),
            field(4, text(self.user(t.responsible_id))),
            field(5, text(t.contact_name.clone().unwrap_or_default())),
            field(6, text(t.about_name.clone().unwrap_or_default())),
            field(7, yes(t.closed)),
            field(8, text(t.description.clone())),
        ];
        self.tail(&mut row, t.created_at, t.updated_at);
        row
    }

    /// An invoice: its amounts in its currency.
    pub fn invoice(&self, i: InvoiceResponse) -> Row {
        let mut row = vec![
            field(0, number(i.id.to_string())),
            field(1, text(i.number.clone())),
            field(2, text(i.status.as_str())),
            field(3, text(i.issue_date.to_string())),
            field(4, text(i.due_date.to_string())),
            field(5, text(i.client_name.clone().unwrap_or_default())),
            field(6, text(i.consignee_name.clone().unwrap_or_default())),
            field(7, text(i.deal_title.clone().unwrap_or_default())),
            field(8, text(i.currency.clone())),
            field(9, number(i.exchange_rate.clone().unwrap_or_default())),
            field(10, number(i.subtotal.clone())),
            field(11, number(i.discount.clone())),
            field(12, number(i.tax.clone())),
            field(13, number(i.total.clone())),
            field(14, number(i.paid.clone())),
            field(15, number(i.balance.clone())),
            field(16, text(i.purchase_order.clone())),
        ];
        self.tail(&mut row, i.created_at, i.updated_at);
        row
    }

    /// A contact detail on a row of its own.
    pub fn detail(&self, d: crm_persistence::contacts::DetailRow) -> Row {
        vec![
            field(0, number(d.contact_id.to_string())),
            field(1, text(d.kind)),
            field(2, text(d.category)),
            field(3, text(d.value)),
            field(4, text(d.network.unwrap_or_default())),
            field(5, yes(d.is_primary)),
            field(6, text(d.street.unwrap_or_default())),
            field(7, text(d.city.unwrap_or_default())),
            field(8, text(d.region.unwrap_or_default())),
            field(9, text(d.postcode.unwrap_or_default())),
            field(10, text(d.country.unwrap_or_default())),
        ]
    }

    /// A history entry of any record.
    pub fn history(&self, h: crm_persistence::history::HistoryRow) -> Row {
        let mut row = vec![
            field(0, number(h.id.to_string())),
            field(1, text(h.record_kind.0.as_str())),
            field(2, number(h.record_id.to_string())),
            field(3, self.item(h.category_id)),
            field(4, text(self.user(h.author_id))),
            field(5, self.time(h.happened_at.and_utc())),
            field(6, text(h.event.unwrap_or_default())),
            field(7, text(h.content)),
        ];
        self.tail(&mut row, h.created_at.and_utc(), h.updated_at.and_utc());
        row
    }

    /// A product of the catalog.
    pub fn product(&self, p: crm_persistence::products::ProductRow) -> Row {
        let mut row = vec![
            field(0, number(p.id.to_string())),
            field(1, text(p.sku)),
            field(2, text(p.title)),
            field(3, text(p.description)),
            field(
                4,
                number(crm_domain::deal::from_stored(p.price).to_string()),
            ),
            field(5, text(p.currency)),
            field(6, yes(p.track_stock)),
            field(7, number(p.stock.to_string())),
        ];
        self.tail(&mut row, p.created_at.and_utc(), p.updated_at.and_utc());
        row
    }
}
