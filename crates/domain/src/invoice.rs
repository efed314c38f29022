//! Invoices and the product catalog: quantities, line amounts, taxes and totals. The one
//! totals function here is used by the server and by the web app's invoice editor.
//!
//! Per line: amount = price × quantity, discount = amount × discount %, net = amount −
//! discount, and each of at most two taxes = net × rate % (taxes do not compound); each of
//! these is rounded to the currency's minor unit, half away from zero. The invoice's total is
//! the sum of the lines' nets and taxes.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::deal::{Currency, MAX_VALUE, MONEY_SCALE};
use crate::money::Percent;
use crate::DomainError;

/// Most decimal places of a quantity.
pub const QUANTITY_SCALE: u32 = 3;

/// The largest quantity accepted.
const MAX_QUANTITY: i64 = 1_000_000_000;

/// Most taxes on one line or product.
pub const MAX_TAXES: usize = 2;

/// A quantity of a product: 0 or more, at most [`QUANTITY_SCALE`] decimal places; stored as
/// thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Quantity(i64);

impl Quantity {
    /// Parses a quantity written with a dot (`2`, `1.5`); errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        let value: Decimal = input.trim().parse().map_err(|_| {
            DomainError::field(field, "invalid_value", "must be a decimal number like 1.5")
        })?;
        let value = value.normalize();
        if value.scale() > QUANTITY_SCALE {
            return Err(DomainError::field(
                field,
                "too_precise",
                format!("has more than {QUANTITY_SCALE} decimal places"),
            ));
        }
        if value.is_sign_negative() && !value.is_zero() || value > Decimal::from(MAX_QUANTITY) {
            return Err(DomainError::field(
                field,
                "out_of_range",
                "must be between 0 and 1,000,000,000",
            ));
        }
        let thousandths = value.abs() * Decimal::from(1000);
        i64::try_from(thousandths.trunc())
            .map(Self)
            .map_err(|_| DomainError::field(field, "out_of_range", "is too large"))
    }

    /// A quantity from stored thousandths.
    pub fn from_thousandths(thousandths: i64) -> Self {
        Self(thousandths)
    }

    /// The stored thousandths.
    pub fn thousandths(self) -> i64 {
        self.0
    }

    /// The quantity as a decimal.
    pub fn value(self) -> Decimal {
        Decimal::new(self.0, QUANTITY_SCALE).normalize()
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value().fmt(f)
    }
}

/// The largest unit price accepted, in whole units of a currency.
const MAX_PRICE: i64 = 1_000_000_000_000;

/// A unit price: 0 or more, at most [`MONEY_SCALE`] decimal places, in stored units.
pub fn price(field: &str, input: &str) -> Result<i64, DomainError> {
    let value: Decimal = input.trim().parse().map_err(|_| {
        DomainError::field(
            field,
            "invalid_value",
            "must be a decimal number like 1250.50",
        )
    })?;
    if value > Decimal::from(MAX_PRICE) {
        return Err(DomainError::field(
            field,
            "out_of_range",
            "must be at most 1,000,000,000,000",
        ));
    }
    crate::deal::to_stored(field, value)
}

/// A tax on a line: which one (an id of the caller's choosing) and its rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTax {
    /// The tax.
    pub id: i64,
    /// Its rate.
    pub rate: Percent,
}

/// A line as entered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineInput {
    /// How many.
    pub quantity: Quantity,
    /// Unit price in stored units ([`MONEY_SCALE`] places).
    pub price: i64,
    /// Discount in percent.
    pub discount: Percent,
    /// At most [`MAX_TAXES`] taxes, each once.
    pub taxes: Vec<LineTax>,
}

/// A line's computed amounts, each rounded to the currency's minor unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineAmounts {
    /// Price × quantity.
    pub amount: Decimal,
    /// The discount taken off the amount.
    pub discount: Decimal,
    /// Amount − discount.
    pub net: Decimal,
    /// Each tax of the line, in the line's order.
    pub taxes: Vec<Decimal>,
    /// Net + taxes.
    pub total: Decimal,
}

/// One tax over the whole invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaxTotal {
    /// The tax.
    pub id: i64,
    /// Its rate.
    pub rate: Percent,
    /// The sum of the lines' nets it applies to.
    pub base: Decimal,
    /// The sum of its line amounts.
    pub amount: Decimal,
}

/// An invoice's computed amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Each line's amounts, in order.
    pub lines: Vec<LineAmounts>,
    /// Σ amounts, before discounts.
    pub subtotal: Decimal,
    /// Σ discounts.
    pub discount: Decimal,
    /// Σ nets.
    pub net: Decimal,
    /// Each tax used, in the order first met.
    pub taxes: Vec<TaxTotal>,
    /// Σ nets and taxes.
    pub total: Decimal,
}

impl Totals {
    /// The total in stored units.
    pub fn total_units(&self) -> i64 {
        units(self.total)
    }
}

/// A decimal amount (at most [`MONEY_SCALE`] places) in stored units.
pub fn units(amount: Decimal) -> i64 {
    i64::try_from((amount * Decimal::from(10_i64.pow(MONEY_SCALE))).trunc()).unwrap_or(i64::MAX)
}

fn round(value: Decimal, places: u32) -> Decimal {
    value
        .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Checks a line's taxes: at most [`MAX_TAXES`], each once. Errors name `field`.
pub fn check_taxes(field: &str, ids: &[i64]) -> Result<(), DomainError> {
    if ids.len() > MAX_TAXES {
        return Err(DomainError::field(
            field,
            "too_many",
            format!("must hold at most {MAX_TAXES} taxes"),
        ));
    }
    if ids.len() == 2 && ids[0] == ids[1] {
        return Err(DomainError::field(
            field,
            "duplicate",
            "must not name a tax twice",
        ));
    }
    Ok(())
}

/// The amounts of `lines` in `currency`; an error naming `lines` when the total passes the
/// largest amount stored.
pub fn totals(lines: &[LineInput], currency: Currency) -> Result<Totals, DomainError> {
    let places = currency.exponent().min(MONEY_SCALE);
    let hundred = Decimal::ONE_HUNDRED;
    let too_large = || DomainError::field("lines", "out_of_range", "the total is too large");
    let mut out = Totals {
        lines: Vec::with_capacity(lines.len()),
        subtotal: Decimal::ZERO,
        discount: Decimal::ZERO,
        net: Decimal::ZERO,
        taxes: Vec::new(),
        total: Decimal::ZERO,
    };
    for (i, line) in lines.iter().enumerate() {
        check_taxes(
            &format!("lines[{i}].tax_ids"),
            &line.taxes.iter().map(|t| t.id).collect::<Vec<_>>(),
        )?;
        let price = Decimal::new(line.price, MONEY_SCALE);
        let amount = round(
            price
                .checked_mul(line.quantity.value())
                .ok_or_else(too_large)?,
            places,
        );
        let discount = round(amount * line.discount.percent() / hundred, places);
        let net = amount - discount;
        let mut total = net;
        let mut taxes = Vec::with_capacity(line.taxes.len());
        for tax in &line.taxes {
            let value = round(net * tax.rate.percent() / hundred, places);
            total += value;
            taxes.push(value);
            match out.taxes.iter_mut().find(|t| t.id == tax.id) {
                Some(t) => {
                    t.base += net;
                    t.amount += value;
                }
                None => out.taxes.push(TaxTotal {
                    id: tax.id,
                    rate: tax.rate,
                    base: net,
                    amount: value,
                }),
            }
        }
        out.subtotal += amount;
        out.discount += discount;
        out.net += net;
        out.total = out.total.checked_add(total).ok_or_else(too_large)?;
        if out.subtotal > crate::deal::from_stored(MAX_VALUE) {
            return Err(too_large());
        }
        out.lines.push(LineAmounts {
            amount,
            discount,
            net,
            taxes,
            total,
        });
    }
    if out.total > crate::deal::from_stored(MAX_VALUE) {
        return Err(too_large());
    }
    Ok(out)
}

/// Refuses an amount (stored units) finer than `currency`'s minor unit; errors name `field`.
pub fn check_minor_unit(field: &str, units: i64, currency: Currency) -> Result<(), DomainError> {
    let places = currency.exponent().min(MONEY_SCALE);
    let step = 10_i64.pow(MONEY_SCALE - places);
    if units % step != 0 {
        return Err(DomainError::field(
            field,
            "too_precise",
            format!("has more than {places} decimal places"),
        ));
    }
    Ok(())
}

/// Where an invoice stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    /// Being written; the only status in which it can be changed.
    Draft,
    /// Sent to the client.
    Sent,
    /// Paid by the client.
    Paid,
    /// Refused by the client.
    Rejected,
}

impl InvoiceStatus {
    /// Every status.
    pub const ALL: [InvoiceStatus; 4] = [Self::Draft, Self::Sent, Self::Paid, Self::Rejected];

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Sent => "sent",
            Self::Paid => "paid",
            Self::Rejected => "rejected",
        }
    }

    /// The status of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// The statuses an invoice in this one may move to: a draft is sent; a sent invoice is
    /// paid or rejected; a rejected one becomes a draft again; a paid one goes back to sent
    /// (a payment recorded by mistake).
    pub fn next(self) -> &'static [InvoiceStatus] {
        match self {
            Self::Draft => &[Self::Sent],
            Self::Sent => &[Self::Paid, Self::Rejected],
            Self::Paid => &[Self::Sent],
            Self::Rejected => &[Self::Draft],
        }
    }

    /// Checks a move to `to`; the error names `status` and the statuses allowed.
    pub fn move_to(self, to: InvoiceStatus) -> Result<(), DomainError> {
        if self.next().contains(&to) {
            return Ok(());
        }
        let allowed: Vec<&str> = self.next().iter().map(|s| s.as_str()).collect();
        Err(DomainError::field(
            "status",
            "invalid_transition",
            format!(
                "a {} invoice can only become {}",
                self.as_str(),
                allowed.join(" or ")
            ),
        ))
    }

    /// How a move changes the stock of the invoiced products: sending takes it (−1),
    /// rejecting a sent invoice gives it back (+1).
    pub fn stock_sign(from: InvoiceStatus, to: InvoiceStatus) -> i64 {
        match (from, to) {
            (Self::Draft, Self::Sent) => -1,
            (Self::Sent, Self::Rejected) => 1,
            _ => 0,
        }
    }
}

/// The most days between an invoice's issue and due dates that the payment terms allow.
pub const MAX_DUE_DAYS: i32 = 3650;

/// An automatic invoice number: the prefix, then `number` zero-padded to `width` digits.
pub fn format_number(prefix: &str, number: i64, width: usize) -> String {
    format!("{prefix}{number:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cur(code: &str) -> Currency {
        Currency::parse("c", code).unwrap_or_else(|_| unreachable!())
    }

    fn pct(text: &str) -> Percent {
        Percent::parse("p", text).unwrap_or_default()
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn only_the_allowed_status_moves_pass_and_the_refusal_names_them() {
        use InvoiceStatus::*;
        let allowed = [
            (Draft, Sent),
            (Sent, Paid),
            (Sent, Rejected),
            (Rejected, Draft),
            (Paid, Sent),
        ];
        for from in InvoiceStatus::ALL {
            for to in InvoiceStatus::ALL {
                let ok = from.move_to(to).is_ok();
                assert_eq!(ok, allowed.contains(&(from, to)), "{from:?} → {to:?}");
            }
        }
        let e = Sent.move_to(Draft).unwrap_err();
        assert_eq!(e.fields()[0].code, "invalid_transition");
        assert!(e.fields()[0].message.contains("paid or rejected"));
        assert_eq!(InvoiceStatus::stock_sign(Draft, Sent), -1);
        assert_eq!(InvoiceStatus::stock_sign(Sent, Rejected), 1);
        assert_eq!(InvoiceStatus::stock_sign(Sent, Paid), 0);
        assert_eq!(format_number("INV-", 42, 7), "INV-0000042");
        assert_eq!(format_number("", 12345678, 3), "12345678");
    }

    #[test]
    fn quantities_are_exact_with_three_places() {
        for (good, shown) in [("2", "2"), ("1.500", "1.5"), ("0", "0"), ("0.001", "0.001")] {
            let q = Quantity::parse("quantity", good).map(|q| q.to_string());
            assert_eq!(q.ok().as_deref(), Some(shown), "{good}");
        }
        for (bad, code) in [
            ("-1", "out_of_range"),
            ("1.0001", "too_precise"),
            ("1,5", "invalid_value"),
            ("1000000001", "out_of_range"),
        ] {
            let e = Quantity::parse("quantity", bad).unwrap_err();
            assert_eq!(e.fields()[0].code, code, "{bad}");
            assert_eq!(e.fields()[0].field, "quantity");
        }
    }

    #[test]
    fn a_line_rounds_each_step_to_the_minor_unit() {
        // 3 × 33.335 = 100.005 → 100.01; 10 % → 10.00 (10.001); net 90.01;
        // 20 % → 18.00 (18.002); 7.5 % → 6.75 (6.75075).
        let line = LineInput {
            quantity: Quantity::parse("q", "3").unwrap_or_default(),
            price: price("p", "33.335").unwrap_or_default(),
            discount: pct("10"),
            taxes: vec![
                LineTax {
                    id: 1,
                    rate: pct("20"),
                },
                LineTax {
                    id: 2,
                    rate: pct("7.5"),
                },
            ],
        };
        let t = totals(std::slice::from_ref(&line), cur("EUR")).unwrap_or_else(|e| panic!("{e}"));
        let l = &t.lines[0];
        assert_eq!(
            (l.amount, l.discount, l.net),
            (dec("100.01"), dec("10"), dec("90.01"))
        );
        assert_eq!(l.taxes, vec![dec("18"), dec("6.75")]);
        assert_eq!(t.total, dec("114.76"));
        // Yen round to whole units.
        let t = totals(&[line], cur("JPY")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.lines[0].amount, dec("100"));
        assert_eq!(t.total, dec("115"));
    }

    #[test]
    fn taxes_add_up_over_the_lines_and_refuse_repeats() {
        let vat = LineTax {
            id: 7,
            rate: pct("20"),
        };
        let line = |p: &str| LineInput {
            quantity: Quantity::parse("q", "1").unwrap_or_default(),
            price: price("p", p).unwrap_or_default(),
            discount: Percent::default(),
            taxes: vec![vat],
        };
        let t = totals(&[line("10"), line("5.55")], cur("USD")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.taxes.len(), 1);
        assert_eq!(
            (t.taxes[0].base, t.taxes[0].amount),
            (dec("15.55"), dec("3.11"))
        );
        assert_eq!(t.total, dec("18.66"));
        let mut twice = line("1");
        twice.taxes.push(vat);
        let e = totals(&[line("1"), twice], cur("USD")).unwrap_err();
        assert_eq!(e.fields()[0].field, "lines[1].tax_ids");
        assert_eq!(e.fields()[0].code, "duplicate");
    }

    #[test]
    fn totals_past_the_stored_range_are_refused() {
        let big = LineInput {
            quantity: Quantity::parse("q", "1000000000").unwrap_or_default(),
            price: price("p", "1000000000000").unwrap_or_default(),
            ..LineInput::default()
        };
        let e = totals(&[big], cur("USD")).unwrap_err();
        assert_eq!(e.fields()[0].field, "lines");
        assert!(price("p", "1000000000000.01").is_err());
        assert_eq!(
            price("p", "-1").unwrap_err().fields()[0].code,
            "out_of_range"
        );
    }

    /// `value / 10^shift` rounded half away from zero, in integers.
    fn div_round(value: i128, shift: u32) -> i128 {
        let d = 10_i128.pow(shift);
        let (q, r) = (value / d, value % d);
        if r.abs() * 2 >= d {
            q + value.signum()
        } else {
            q
        }
    }

    proptest! {
        /// The totals agree with an integer computation in the currency's minor units.
        #[test]
        fn totals_match_an_integer_computation(
            lines in proptest::collection::vec(
                (0_i64..5_000_000, 0_i64..100_000_000, 0_i64..=1_000_000,
                 proptest::collection::vec((1_i64..4, 0_i64..=1_000_000), 0..=2)),
                0..12),
            code in prop::sample::select(vec!["EUR", "JPY", "KWD", "RUB", "USD"]),
        ) {
            let currency = cur(code);
            let e = currency.exponent();
            let mut input = Vec::new();
            let mut expected_total: i128 = 0;
            for (qty, price, discount, taxes) in &lines {
                let mut taxes = taxes.clone();
                taxes.dedup_by_key(|t| t.0);
                input.push(LineInput {
                    quantity: Quantity::from_thousandths(*qty),
                    price: *price,
                    discount: Percent::from_stored(&Decimal::new(*discount, 4).to_string()).unwrap_or_default(),
                    taxes: taxes.iter().map(|(id, r)| LineTax {
                        id: *id,
                        rate: Percent::from_stored(&Decimal::new(*r, 4).to_string()).unwrap_or_default(),
                    }).collect(),
                });
                // Amount in minor units: price (4 places) × qty (3 places) has 7 places.
                let amount = div_round(i128::from(*price) * i128::from(*qty), 7 - e);
                // Discount: amount × d / 100, d with 4 places → 6 places more.
                let disc = div_round(amount * i128::from(*discount), 6);
                let net = amount - disc;
                let mut line_total = net;
                for (_, r) in &taxes {
                    line_total += div_round(net * i128::from(*r), 6);
                }
                expected_total += line_total;
            }
            let t = totals(&input, currency).unwrap_or_else(|e| panic!("{e}"));
            let got = t.total * Decimal::from(10_i64.pow(e));
            prop_assert_eq!(got.normalize(), Decimal::from_i128_with_scale(expected_total, 0));
            prop_assert_eq!(t.total, t.net + t.taxes.iter().map(|x| x.amount).sum::<Decimal>());
            prop_assert_eq!(t.net, t.subtotal - t.discount);
        }
    }
}
