//! Contacts: kinds, contact details and their normalisation for matching.

use crate::error::{DomainError, FieldError, Validator};
use crate::text::{BoundedText, EmailAddress};

/// Most tags on one contact.
pub const MAX_TAGS: usize = 50;

/// Person or company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactKind {
    /// A person.
    Person,
    /// A company.
    Company,
}

impl ContactKind {
    /// Both kinds.
    pub const ALL: [ContactKind; 2] = [Self::Person, Self::Company];

    /// Parses `person` or `company`; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input.trim())
            .ok_or_else(|| DomainError::field(field, "invalid_value", "must be person or company"))
    }

    /// The kind of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Company => "company",
        }
    }
}

/// Kinds of contact details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DetailKind {
    Email,
    Phone,
    Website,
    Social,
    Address,
}

impl DetailKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [DetailKind; 5] = [
        Self::Email,
        Self::Phone,
        Self::Website,
        Self::Social,
        Self::Address,
    ];

    fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        match input.trim() {
            "email" => Ok(Self::Email),
            "phone" => Ok(Self::Phone),
            "website" => Ok(Self::Website),
            "social" => Ok(Self::Social),
            "address" => Ok(Self::Address),
            _ => Err(DomainError::field(
                field,
                "invalid_value",
                "must be email, phone, website, social or address",
            )),
        }
    }

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Website => "website",
            Self::Social => "social",
            Self::Address => "address",
        }
    }

    /// The categories a detail of the kind may have.
    pub fn categories(self) -> &'static [&'static str] {
        match self {
            Self::Phone => &["mobile", "work", "home", "fax", "direct", "other"],
            Self::Address => &["work", "home", "postal", "office", "billing", "other"],
            Self::Email | Self::Website | Self::Social => &["work", "home", "other"],
        }
    }
}

/// Social networks a `social` detail may name.
pub const NETWORKS: &[&str] = &[
    "telegram",
    "whatsapp",
    "vk",
    "facebook",
    "linkedin",
    "twitter",
    "instagram",
    "skype",
    "youtube",
    "github",
    "other",
];

/// A contact detail as entered, before validation.
#[derive(Debug, Clone, Default)]
pub struct DetailInput<'a> {
    pub kind: &'a str,
    pub category: Option<&'a str>,
    pub value: Option<&'a str>,
    pub network: Option<&'a str>,
    pub is_primary: bool,
    pub street: Option<&'a str>,
    pub city: Option<&'a str>,
    pub region: Option<&'a str>,
    pub postcode: Option<&'a str>,
    pub country: Option<&'a str>,
}

/// A validated, normalised contact detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactDetail {
    pub kind: DetailKind,
    pub category: &'static str,
    /// Trimmed value as entered (addresses: a one-line summary).
    pub value: String,
    /// Matching form: lower-case e-mail, E.164 phone (or digits when no country is known),
    /// website without scheme and `www.`, lower-case.
    pub normalized: String,
    pub network: Option<&'static str>,
    pub is_primary: bool,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

/// Parses a list of details; errors name `details[i].field`. The first detail of each kind is
/// primary unless another of that kind is marked; at most one primary per kind.
pub fn parse_details(
    inputs: &[DetailInput<'_>],
    phone_country: Option<&str>,
) -> Result<Vec<ContactDetail>, DomainError> {
    let mut v = Validator::new();
    let mut out = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        if let Some(d) = v.check(parse_detail(&format!("details[{i}]"), input, phone_country)) {
            out.push(d);
        }
    }
    v.finish()?;
    for kind in [
        DetailKind::Email,
        DetailKind::Phone,
        DetailKind::Website,
        DetailKind::Social,
        DetailKind::Address,
    ] {
        let mut seen_primary = false;
        for d in out.iter_mut().filter(|d| d.kind == kind) {
            d.is_primary = d.is_primary && !seen_primary;
            seen_primary |= d.is_primary;
        }
        if !seen_primary {
            if let Some(first) = out.iter_mut().find(|d| d.kind == kind) {
                first.is_primary = true;
            }
        }
    }
    Ok(out)
}

fn parse_detail(
    at: &str,
    input: &DetailInput<'_>,
    phone_country: Option<&str>,
) -> Result<ContactDetail, DomainError> {
    let kind = DetailKind::parse(&format!("{at}.kind"), input.kind)?;
    let category = match input.category.map(str::trim).filter(|c| !c.is_empty()) {
        None => kind.categories()[0],
        Some(c) => kind
            .categories()
            .iter()
            .copied()
            .find(|k| *k == c)
            .ok_or_else(|| {
                DomainError::field(
                    format!("{at}.category"),
                    "invalid_value",
                    format!("must be one of {}", kind.categories().join(", ")),
                )
            })?,
    };
    let optional = |name: &str, value: Option<&str>| {
        BoundedText::<200>::parse_optional(&format!("{at}.{name}"), value)
            .map(|t| t.map(BoundedText::into_inner))
    };
    let mut detail = ContactDetail {
        kind,
        category,
        value: String::new(),
        normalized: String::new(),
        network: None,
        is_primary: input.is_primary,
        street: None,
        city: None,
        region: None,
        postcode: None,
        country: None,
    };
    let value_field = format!("{at}.value");
    let value = || {
        BoundedText::<500>::parse(&value_field, input.value.unwrap_or_default())
            .map(BoundedText::into_inner)
    };
    match kind {
        DetailKind::Email => {
            let email = EmailAddress::parse(input.value.unwrap_or_default())
                .map_err(|e| e.at(&value_field))?;
            detail.value = input.value.unwrap_or_default().trim().to_owned();
            detail.normalized = email.into_inner();
        }
        DetailKind::Phone => {
            detail.value = value()?;
            detail.normalized = normalize_phone(&value_field, &detail.value, phone_country)?;
        }
        DetailKind::Website => {
            detail.value = value()?;
            detail.normalized = normalize_website(&value_field, &detail.value)?;
        }
        DetailKind::Social => {
            detail.value = value()?;
            detail.normalized = detail.value.to_lowercase();
            let network = input.network.map(str::trim).unwrap_or("other");
            detail.network = Some(
                NETWORKS
                    .iter()
                    .copied()
                    .find(|n| *n == network)
                    .ok_or_else(|| {
                        DomainError::field(
                            format!("{at}.network"),
                            "invalid_value",
                            format!("must be one of {}", NETWORKS.join(", ")),
                        )
                    })?,
            );
        }
        DetailKind::Address => {
            let mut v = Validator::new();
            detail.street = v.check(optional("street", input.street)).flatten();
            detail.city = v.check(optional("city", input.city)).flatten();
            detail.region = v.check(optional("region", input.region)).flatten();
            detail.postcode = v.check(optional("postcode", input.postcode)).flatten();
            detail.country = v.check(optional("country", input.country)).flatten();
            v.finish()?;
            let parts: Vec<&str> = [
                &detail.street,
                &detail.city,
                &detail.region,
                &detail.postcode,
                &detail.country,
            ]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
            if parts.is_empty() {
                return Err(DomainError::field(
                    format!("{at}.street"),
                    "required",
                    "an address needs at least one part",
                ));
            }
            detail.value = parts.join(", ");
            detail.normalized = detail.value.to_lowercase();
        }
    }
    Ok(detail)
}

/// E.164 when the number has `+` or a country is given; digits only otherwise.
pub fn normalize_phone(
    field: &str,
    input: &str,
    country: Option<&str>,
) -> Result<String, DomainError> {
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    let invalid = || DomainError::field(field, "invalid_phone", "is not a valid phone number");
    if digits.len() < 3
        || digits.len() > 15
        || input
            .chars()
            .any(|c| c.is_alphabetic() && !matches!(c, 'x' | 'X'))
    {
        return Err(invalid());
    }
    let international = input.trim_start().starts_with('+');
    let region = match country.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(
            c.to_ascii_uppercase()
                .parse::<phonenumber::country::Id>()
                .map_err(|_| {
                    DomainError::field(
                        "phone_country",
                        "invalid_value",
                        "is not an ISO 3166-1 alpha-2 country",
                    )
                })?,
        ),
        None => None,
    };
    if !international && region.is_none() {
        return Ok(digits);
    }
    if let Ok(number) = phonenumber::parse(region, input.trim()) {
        if phonenumber::is_valid(&number) {
            return Ok(number.format().mode(phonenumber::Mode::E164).to_string());
        }
    }
    let candidates = match region {
        _ if international => international_candidates(&digits),
        Some(region) => national_candidates(region, &digits),
        None => Vec::new(),
    };
    candidates
        .into_iter()
        .find(|(code, national)| phone_metadata::is_valid(*code, national))
        .map(|(code, national)| format!("+{code}{national}"))
        .ok_or_else(invalid)
}

/// The digits a typed phone number is searched by, matching the stored E.164 digits however
/// it was written: `+7 921 111-22-33`, `89211112233` (the national spelling, given the
/// country) and a part such as `921 111`. `None` when the text is not a phone number.
pub fn phone_search_digits(text: &str, country: Option<&str>) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let phone_like = !digits.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-().".contains(c));
    if !phone_like {
        return None;
    }
    if text.trim_start().starts_with('+') {
        return Some(digits);
    }
    let Some(meta) = country
        .and_then(|c| {
            c.trim()
                .to_ascii_uppercase()
                .parse::<phonenumber::country::Id>()
                .ok()
        })
        .and_then(|id| phonenumber::metadata::DATABASE.by_id(id.as_ref()))
    else {
        return Some(digits);
    };
    if let Ok(e164) = normalize_phone("q", text, Some(meta.id())) {
        return Some(e164.trim_start_matches('+').to_owned());
    }
    // A beginning typed with the national prefix: `8 921 111` is `+7 921 111…`.
    match meta.national_prefix().and_then(|p| digits.strip_prefix(p)) {
        Some(rest) if digits.len() >= 7 => Some(format!("{}{rest}", meta.country_code())),
        _ => Some(digits),
    }
}

/// Splits of `+<digits>` into a country calling code the metadata knows and the rest.
fn international_candidates(digits: &str) -> Vec<(u16, String)> {
    (1..=3.min(digits.len()))
        .filter_map(|len| {
            let code = digits[..len].parse::<u16>().ok()?;
            phonenumber::metadata::DATABASE.by_code(&code)?;
            Some((code, digits[len..].to_string()))
        })
        .collect()
}

/// Readings of a number typed the way it is dialled inside `region`: without its national
/// prefix (a leading 8 in Russia, 0 in the UK and Germany), as typed, or with the country code
/// but no `+`.
fn national_candidates(region: phonenumber::country::Id, digits: &str) -> Vec<(u16, String)> {
    let Some(meta) = phonenumber::metadata::DATABASE.by_id(region.as_ref()) else {
        return Vec::new();
    };
    let code = meta.country_code();
    let mut out = Vec::new();
    if let Some(rest) = meta.national_prefix().and_then(|p| digits.strip_prefix(p)) {
        out.push((code, rest.to_string()));
    }
    out.push((code, digits.to_string()));
    if let Some(rest) = digits.strip_prefix(&code.to_string()) {
        out.push((code, rest.to_string()));
    }
    out
}

/// Validity of a national significant number as libphonenumber defines it: the number matches
/// the general pattern and one type's pattern (fixed line, mobile, toll free, …) of a region
/// with that calling code, each pattern matching the whole number. It decides numbers the
/// parser's national prefix handling misreads, such as Russian 8xx area codes.
mod phone_metadata {
    use phonenumber::metadata::{Descriptor, DATABASE};
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};

    static ANCHORED: LazyLock<Mutex<HashMap<String, Option<regex::Regex>>>> =
        LazyLock::new(Default::default);

    fn matches(descriptor: &Descriptor, national: &str) -> bool {
        let lengths = descriptor.possible_length();
        if !lengths.is_empty() && !lengths.iter().any(|&l| usize::from(l) == national.len()) {
            return false;
        }
        let pattern = descriptor.national_number().as_str();
        let mut cache = ANCHORED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A pattern the regex engine refuses matches nothing.
        let regex = cache.entry(pattern.to_string()).or_insert_with(|| {
            regex::RegexBuilder::new(&format!("^(?:{pattern})$"))
                .ignore_whitespace(true)
                .build()
                .ok()
        });
        regex.as_ref().is_some_and(|r| r.is_match(national))
    }

    pub(super) fn is_valid(code: u16, national: &str) -> bool {
        if national.is_empty() || !national.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        DATABASE.by_code(&code).into_iter().flatten().any(|meta| {
            let d = meta.descriptors();
            matches(d.general(), national)
                && [
                    d.fixed_line(),
                    d.mobile(),
                    d.toll_free(),
                    d.premium_rate(),
                    d.shared_cost(),
                    d.personal_number(),
                    d.voip(),
                    d.pager(),
                    d.uan(),
                    d.voicemail(),
                ]
                .into_iter()
                .flatten()
                .any(|kind| matches(kind, national))
        })
    }
}

fn normalize_website(field: &str, input: &str) -> Result<String, DomainError> {
    let lower = input.trim().to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .unwrap_or(&lower);
    let rest = rest
        .strip_prefix("www.")
        .unwrap_or(rest)
        .trim_end_matches('/');
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || !host.contains('.') || host.contains(char::is_whitespace) {
        return Err(DomainError::field(
            field,
            "invalid_url",
            "is not a web address",
        ));
    }
    Ok(rest.to_owned())
}

/// An ISO 4217 currency code: three Latin capitals.
pub fn parse_currency(field: &str, input: &str) -> Result<String, DomainError> {
    let code = input.trim().to_ascii_uppercase();
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(DomainError::field(
            field,
            "invalid_currency",
            "must be an ISO 4217 code such as RUB or EUR",
        ))
    }
}

/// A colour `#rrggbb`, lower-cased.
pub fn parse_color(field: &str, input: &str) -> Result<String, DomainError> {
    let c = input.trim().to_ascii_lowercase();
    if c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit()) {
        Ok(c)
    } else {
        Err(DomainError::field(
            field,
            "invalid_color",
            "must be a colour like #d28cc8",
        ))
    }
}

/// "First Last" of a person.
pub fn person_display_name(first: &str, last: &str) -> String {
    format!("{} {}", first.trim(), last.trim())
        .trim()
        .to_owned()
}

/// Names of a contact, checked for its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactNames {
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
}

impl ContactNames {
    /// Persons need first and last name, companies a name; errors name the missing fields.
    pub fn parse(
        kind: ContactKind,
        first: Option<&str>,
        last: Option<&str>,
        name: Option<&str>,
    ) -> Result<Self, DomainError> {
        let mut v = Validator::new();
        let names = match kind {
            ContactKind::Person => {
                let f = v.check(BoundedText::<100>::parse(
                    "first_name",
                    first.unwrap_or_default(),
                ));
                let l = v.check(BoundedText::<100>::parse(
                    "last_name",
                    last.unwrap_or_default(),
                ));
                if name.is_some_and(|n| !n.trim().is_empty()) {
                    v.push(FieldError::new(
                        "name",
                        "not_allowed",
                        "persons have first and last names",
                    ));
                }
                Self {
                    first_name: f.map(BoundedText::into_inner).unwrap_or_default(),
                    last_name: l.map(BoundedText::into_inner).unwrap_or_default(),
                    company_name: String::new(),
                }
            }
            ContactKind::Company => {
                let n = v.check(BoundedText::<200>::parse("name", name.unwrap_or_default()));
                Self {
                    first_name: String::new(),
                    last_name: String::new(),
                    company_name: n.map(BoundedText::into_inner).unwrap_or_default(),
                }
            }
        };
        v.finish()?;
        Ok(names)
    }

    /// The name shown and sorted by.
    pub fn display_name(&self, kind: ContactKind) -> String {
        match kind {
            ContactKind::Person => person_display_name(&self.first_name, &self.last_name),
            ContactKind::Company => self.company_name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone(value: &str) -> DetailInput<'_> {
        DetailInput {
            kind: "phone",
            value: Some(value),
            ..Default::default()
        }
    }

    #[test]
    fn a_phone_is_searched_by_its_digits_however_it_is_typed() {
        for typed in [
            "89211112233",
            "+7 921 111-22-33",
            "8 (921) 111-22-33",
            "79211112233",
        ] {
            assert_eq!(
                phone_search_digits(typed, Some("RU")).as_deref(),
                Some("79211112233"),
                "{typed}"
            );
        }
        assert_eq!(
            phone_search_digits("921 111", Some("RU")).as_deref(),
            Some("921111")
        );
        assert_eq!(
            phone_search_digits("8 921 111", Some("RU")).as_deref(),
            Some("7921111")
        );
        assert_eq!(
            phone_search_digits("812", Some("RU")).as_deref(),
            Some("812")
        );
        assert_eq!(
            phone_search_digits("89211112233", None).as_deref(),
            Some("89211112233")
        );
        assert_eq!(phone_search_digits("Anna 2", Some("RU")), None);
    }

    #[test]
    fn russian_phone_becomes_e164_when_the_country_is_known() {
        assert_eq!(
            normalize_phone("p", "8 (912) 345-67-89", Some("ru")).unwrap(),
            "+79123456789"
        );
        assert_eq!(
            normalize_phone("p", "+7 912 345 67 89", None).unwrap(),
            "+79123456789"
        );
        assert_eq!(
            normalize_phone("p", "(912) 345-67-89", None).unwrap(),
            "9123456789"
        );
        assert_eq!(
            normalize_phone("p", "+7 000", None).unwrap_err().fields()[0].code,
            "invalid_phone"
        );
        assert!(normalize_phone("p", "call me", None).is_err());
    }

    #[test]
    fn first_detail_of_a_kind_is_primary_and_only_one_is() {
        let inputs = [
            phone("+79123456789"),
            DetailInput {
                is_primary: true,
                ..phone("+79123456780")
            },
            DetailInput {
                is_primary: true,
                ..phone("+79123456781")
            },
            DetailInput {
                kind: "email",
                value: Some("A@B.ru"),
                ..Default::default()
            },
        ];
        let d = parse_details(&inputs, None).unwrap();
        let primaries: Vec<bool> = d.iter().map(|d| d.is_primary).collect();
        assert_eq!(primaries, [false, true, false, true]);
        assert_eq!(d[3].normalized, "a@b.ru");
    }

    #[test]
    fn detail_errors_name_their_position() {
        let inputs = [
            phone("+79123456789"),
            DetailInput {
                kind: "email",
                value: Some("nope"),
                ..Default::default()
            },
            DetailInput {
                kind: "phone",
                category: Some("pager"),
                value: Some("123"),
                ..Default::default()
            },
        ];
        let err = parse_details(&inputs, None).unwrap_err();
        let fields: Vec<&str> = err.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["details[1].value", "details[2].category"]);
    }

    #[test]
    fn websites_and_addresses_are_normalised() {
        assert_eq!(
            normalize_website("w", "HTTPS://www.Example.com/").unwrap(),
            "example.com"
        );
        let d = parse_details(
            &[DetailInput {
                kind: "address",
                city: Some(" Москва "),
                country: Some("RU"),
                ..Default::default()
            }],
            None,
        )
        .unwrap();
        assert_eq!(d[0].value, "Москва, RU");
        assert_eq!(d[0].category, "work");
    }

    #[test]
    fn persons_need_both_names_companies_a_name() {
        let err = ContactNames::parse(ContactKind::Person, Some("Ivan"), None, None).unwrap_err();
        assert_eq!(err.fields()[0].field, "last_name");
        let c =
            ContactNames::parse(ContactKind::Company, None, None, Some(" ООО Ромашка ")).unwrap();
        assert_eq!(c.display_name(ContactKind::Company), "ООО Ромашка");
    }

    #[test]
    fn currency_and_colour_formats() {
        assert_eq!(parse_currency("c", "rub").unwrap(), "RUB");
        assert!(parse_currency("c", "RUBL").is_err());
        assert_eq!(parse_color("c", "#D28CC8").unwrap(), "#d28cc8");
        assert!(parse_color("c", "red").is_err());
    }
}
