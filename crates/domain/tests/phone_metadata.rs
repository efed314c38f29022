//! Every example number of every type and region in the phone metadata the product uses is
//! accepted and normalised to E.164, written internationally and in the national spelling.

use crm_domain::contact::normalize_phone;
use phonenumber::metadata::DATABASE;

fn examples() -> Vec<(String, u16, Option<String>, String)> {
    let mut out = Vec::new();
    for meta in DATABASE.iter() {
        let d = meta.descriptors();
        let kinds = [
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
        ];
        for example in kinds.into_iter().flatten().filter_map(|k| k.example()) {
            out.push((
                meta.id().to_string(),
                meta.country_code(),
                meta.national_prefix().map(str::to_string),
                example.to_string(),
            ));
        }
    }
    out
}

#[test]
fn every_example_number_written_internationally_is_accepted_as_e164() {
    let mut refused = Vec::new();
    let all = examples();
    for (region, code, _, example) in &all {
        let expected = format!("+{code}{example}");
        match normalize_phone("p", &expected, None) {
            Ok(n) if n == expected => {}
            other => refused.push(format!("{region} {expected}: {other:?}")),
        }
        if !region.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue; // non-geographic numbers (+800, +882, …) have no national spelling
        }
        match normalize_phone("p", example, Some(region)) {
            Ok(n) if n == expected => {}
            other => refused.push(format!("{region} national {example}: {other:?}")),
        }
    }
    assert!(all.len() > 1000, "{} examples", all.len());
    assert!(
        refused.is_empty(),
        "{} refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
}

#[test]
fn russian_numbers_with_8_area_codes_are_accepted_in_every_spelling() {
    for (typed, country, e164) in [
        ("8 (812) 555-12-34", Some("ru"), "+78125551234"),
        ("+7 812 315-12-34", None, "+78123151234"),
        ("+78123151234", None, "+78123151234"),
        ("8 813 702-12-34", Some("ru"), "+78137021234"),
        ("8 (831) 123-45-67", Some("RU"), "+78311234567"),
        ("+7 843 123 45 67", None, "+78431234567"),
        ("8-846-123-45-67", Some("ru"), "+78461234567"),
        ("+7 (861) 123-45-67", Some("ru"), "+78611234567"),
        ("8 863 123 4567", Some("ru"), "+78631234567"),
        ("8-800-555-35-35", Some("ru"), "+78005553535"),
        ("+7 800 555 35 35", None, "+78005553535"),
        ("89211112233", Some("ru"), "+79211112233"),
        ("7 921 111 22 33", Some("ru"), "+79211112233"),
        ("020 7946 0018", Some("gb"), "+442079460018"),
        ("030 123456", Some("de"), "+4930123456"),
    ] {
        assert_eq!(
            normalize_phone("p", typed, country).as_deref(),
            Ok(e164),
            "{typed}"
        );
    }
}

#[test]
fn every_example_number_with_its_national_prefix_is_accepted() {
    let mut refused = Vec::new();
    for (region, code, prefix, example) in examples() {
        let Some(prefix) = prefix.filter(|_| region.bytes().all(|b| b.is_ascii_alphabetic()))
        else {
            continue;
        };
        let typed = format!("{prefix}{example}");
        let expected = format!("+{code}{example}");
        match normalize_phone("p", &typed, Some(&region)) {
            Ok(n) if n == expected => {}
            other => refused.push(format!("{region} {typed}: {other:?}")),
        }
    }
    assert!(
        refused.is_empty(),
        "{} refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
}
