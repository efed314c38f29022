//! The deal form: a new deal (maybe for a contact, `?contact=`), or changes to one: client and
//! other contacts, stage, budget, tags, deal custom fields, access. "Save and create another"
//! keeps the client, stage, currency and access for the next.

use std::rc::Rc;

use crm_api_types::{
    BidType, ContactResponse, CustomFieldResponse, DealRequest, DealResponse, TagListResponse,
};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{bid_text, use_deal_choices, DealChoices};
use crate::app::Route;
use crate::components::records::custom_values::{self, CustomValues};
use crate::components::records::{CustomFieldInputs, TagInput};
use crate::components::{
    CheckField, ContactPicker, FieldErrors, IdPicker, Loading, Notice, PickerOption, ProblemBanner,
    SelectField, SelectOption, TextAreaField, TextField,
};
use crate::hooks::{load_fields, use_load, use_session};
use crate::i18n::{fill, DealText, Text};
use crate::pages::cases::participants;
use crate::services::{api, ApiError};

/// Properties of [`DealFormPage`].
#[derive(Properties, PartialEq)]
pub struct DealFormPageProps {
    /// The deal to change; `None` for a new one.
    pub id: Option<i64>,
}

/// What the form holds, as typed.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    title: String,
    description: String,
    stage: String,
    probability: String,
    amount: String,
    currency: String,
    bid_type: String,
    periods: String,
    expected: String,
    client: Option<(i64, String)>,
    /// The other contacts in the deal.
    contacts: Vec<(i64, String)>,
    tags: Vec<String>,
    custom: CustomValues,
    responsible: String,
    restricted: bool,
    members: Vec<i64>,
    version: Option<i64>,
}

/// What the form starts from besides the choices: the deal (when changing one), its client,
/// its other contacts and tag names, the portal's deal tags and deal custom fields.
#[derive(Clone, PartialEq)]
struct Start {
    deal: Option<DealResponse>,
    client: Option<(i64, String)>,
    contacts: Vec<(i64, String)>,
    tags: Vec<String>,
    known_tags: Vec<String>,
    fields: Vec<CustomFieldResponse>,
}

async fn start(id: Option<i64>, contact: Option<i64>) -> Result<Start, ApiError> {
    let deal = match id {
        Some(id) => Some(api::get::<DealResponse>(&format!("/deals/{id}")).await?),
        None => None,
    };
    let client_id = deal.as_ref().and_then(|d| d.contact_id).or(contact);
    let client = match client_id {
        Some(c) => api::get::<ContactResponse>(&format!("/contacts/{c}"))
            .await
            .ok()
            .map(|c| (c.id, c.display_name)),
        None => None,
    };
    let others: Vec<i64> = deal
        .as_ref()
        .map(|d| {
            d.contact_ids
                .iter()
                .copied()
                .filter(|c| Some(*c) != d.contact_id)
                .collect()
        })
        .unwrap_or_default();
    let known = api::get::<TagListResponse>("/tags?kind=deal").await?.items;
    let tags = deal
        .as_ref()
        .map(|d| {
            known
                .iter()
                .filter(|t| d.tag_ids.contains(&t.id))
                .map(|t| t.name.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(Start {
        client,
        contacts: participants(others).await?,
        tags,
        known_tags: known.into_iter().map(|t| t.name).collect(),
        fields: load_fields("deal").await?,
        deal,
    })
}

impl Draft {
    fn new(choices: &DealChoices, me: Option<i64>, currency: &str) -> Self {
        let first = choices
            .pipelines
            .first()
            .and_then(|p| p.stages.first())
            .map(|s| s.id.to_string())
            .unwrap_or_default();
        Self {
            stage: first,
            currency: currency.to_owned(),
            bid_type: BidType::Fixed.as_str().to_owned(),
            periods: "1".into(),
            responsible: me.map(|m| m.to_string()).unwrap_or_default(),
            ..Self::default()
        }
    }

    fn of(d: &DealResponse, start: &Start) -> Self {
        Self {
            title: d.title.clone(),
            description: d.description.clone(),
            stage: d.stage_id.to_string(),
            probability: d.probability.to_string(),
            amount: d.amount.clone(),
            currency: d.currency.clone(),
            bid_type: d.bid_type.as_str().to_owned(),
            periods: d.periods.to_string(),
            expected: d
                .expected_close_on
                .map(|x| x.to_string())
                .unwrap_or_default(),
            client: start.client.clone(),
            contacts: start.contacts.clone(),
            tags: start.tags.clone(),
            custom: custom_values::from_contact(&d.custom_fields),
            responsible: d.responsible_id.to_string(),
            restricted: d.restricted,
            members: d.member_ids.clone(),
            version: Some(d.version),
        }
    }

    /// The request; on a change, the probability typed is sent only when it differs from
    /// what the deal had, so that a new stage brings its own.
    fn request(&self, editing: Option<&DealResponse>) -> DealRequest {
        let stage = self.stage.parse().ok();
        let stage_changed = editing.is_some_and(|d| Some(d.stage_id) != stage);
        let probability = self
            .probability
            .trim()
            .parse()
            .ok()
            .filter(|p| !(stage_changed && editing.is_some_and(|d| d.probability == *p)));
        DealRequest {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            contact_id: Some(self.client.as_ref().map_or(0, |(id, _)| *id)),
            contact_ids: Some(self.contacts.iter().map(|(id, _)| *id).collect()),
            responsible_id: self.responsible.parse().ok(),
            stage_id: stage,
            probability,
            currency: Some(self.currency.clone()),
            amount: Some(if self.amount.trim().is_empty() {
                "0".into()
            } else {
                self.amount
                    .trim()
                    .replace(',', ".")
                    .replace([' ', '\u{a0}'], "")
            }),
            bid_type: BidType::ALL
                .iter()
                .copied()
                .find(|b| b.as_str() == self.bid_type),
            periods: self.periods.trim().parse().ok(),
            expected_close_on: Some(self.expected.clone()),
            restricted: Some(self.restricted),
            member_ids: self.restricted.then(|| self.members.clone()),
            tags: Some(self.tags.clone()),
            custom_fields: match editing {
                Some(old) => custom_values::changes(
                    &self.custom,
                    &custom_values::from_contact(&old.custom_fields),
                ),
                None => custom_values::for_create(&self.custom),
            },
            version: self.version,
        }
    }
}

/// The new-deal and edit-deal page.
#[component]
pub fn DealFormPage(props: &DealFormPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let location = use_location();
    let for_contact: Option<i64> = location.as_ref().and_then(|l| {
        l.query_str()
            .trim_start_matches('?')
            .split('&')
            .find_map(|pair| pair.strip_prefix("contact=")?.parse().ok())
    });
    let choices = use_deal_choices();
    let current = use_load((props.id, for_contact), |(id, contact)| start(id, contact));
    let draft = use_state(|| None::<Draft>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let created = use_state(|| None::<String>);
    let sent = use_state(Vec::<i64>::new);
    let me = session.me().map(|m| m.user.id);
    let currency = match session.lang() {
        crate::i18n::Lang::Ru => "RUB",
        crate::i18n::Lang::En => "USD",
    };
    {
        let (draft, choices, current) = (draft.clone(), choices.data.clone(), current.data.clone());
        use_effect_with((choices, current), move |(choices, current)| {
            if let (Some(choices), Some(start)) = (choices, current) {
                draft.set(Some(match &start.deal {
                    Some(d) => Draft::of(d, start),
                    None => Draft {
                        client: start.client.clone(),
                        ..Draft::new(choices, me, currency)
                    },
                }));
            }
        });
    }

    if let Some(e) = choices.error.clone().or(current.error.clone()) {
        return html! { <ProblemBanner error={e} on_reload={current.reload.clone()} /> };
    }
    let (Some(lists), Some(start), Some(d)) =
        (choices.data.clone(), current.data.clone(), (*draft).clone())
    else {
        return html! { <Loading /> };
    };
    let deal = start.deal.clone();

    let set = |apply: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            if let Some(mut next) = (*draft).clone() {
                apply(&mut next, value);
                draft.set(Some(next));
            }
        })
    };
    let on_restricted = {
        let draft = draft.clone();
        Callback::from(move |on: bool| {
            if let Some(mut next) = (*draft).clone() {
                next.restricted = on;
                draft.set(Some(next));
            }
        })
    };
    let on_members = {
        let draft = draft.clone();
        Callback::from(move |ids: Vec<i64>| {
            if let Some(mut next) = (*draft).clone() {
                next.members = ids;
                draft.set(Some(next));
            }
        })
    };
    let on_client = {
        let draft = draft.clone();
        Callback::from(move |c: ContactResponse| {
            if let Some(mut next) = (*draft).clone() {
                next.client = Some((c.id, c.display_name));
                draft.set(Some(next));
            }
        })
    };
    let edit = {
        let draft = draft.clone();
        move |apply: Box<dyn Fn(&mut Draft)>| {
            if let Some(mut next) = (*draft).clone() {
                apply(&mut next);
                draft.set(Some(next));
            }
        }
    };
    let on_contact = {
        let edit = edit.clone();
        Callback::from(move |c: ContactResponse| {
            edit(Box::new(move |d: &mut Draft| {
                if !d.contacts.iter().any(|(id, _)| *id == c.id) {
                    d.contacts.push((c.id, c.display_name.clone()));
                }
            }))
        })
    };
    let on_tags = {
        let edit = edit.clone();
        Callback::from(move |tags: Vec<String>| {
            edit(Box::new(move |d: &mut Draft| d.tags = tags.clone()))
        })
    };
    let on_custom = {
        let edit = edit.clone();
        Callback::from(move |values: CustomValues| {
            edit(Box::new(move |d: &mut Draft| d.custom = values.clone()))
        })
    };
    let contacts = d.contacts.iter().map(|(id, name)| {
        let remove = {
            let (edit, id) = (edit.clone(), *id);
            Callback::from(move |_: MouseEvent| {
                edit(Box::new(move |d: &mut Draft| {
                    d.contacts.retain(|(c, _)| *c != id)
                }))
            })
        };
        html! {
            <li class="linked" data-testid="deal-form-contact">
                <Link<Route> to={Route::Contact { id: *id }}>{ name.clone() }</Link<Route>>
                <button type="button" class="link-button small" onclick={remove}
                    aria-label={format!("{}: {name}", DealText::RemoveParticipant.tr(lang))}>
                    { DealText::RemoveParticipant.tr(lang) }
                </button>
            </li>
        }
    });
    let unlink = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(mut next) = (*draft).clone() {
                next.client = None;
                draft.set(Some(next));
            }
        })
    };
    let save = |again: bool| {
        let (draft, error, busy, created, navigator, deal, lists, sent) = (
            draft.clone(),
            error.clone(),
            busy.clone(),
            created.clone(),
            navigator.clone(),
            deal.clone(),
            Rc::clone(&lists),
            sent.clone(),
        );
        Callback::from(move |()| {
            let Some(d) = (*draft).clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let (draft, error, busy, created, navigator, deal, lists) = (
                draft.clone(),
                error.clone(),
                busy.clone(),
                created.clone(),
                navigator.clone(),
                deal.clone(),
                Rc::clone(&lists),
            );
            let body = d.request(deal.as_ref());
            sent.set(
                body.custom_fields
                    .iter()
                    .flatten()
                    .map(|v| v.field_id)
                    .collect(),
            );
            spawn_local(async move {
                let result = match &deal {
                    Some(old) => {
                        api::patch::<_, DealResponse>(&format!("/deals/{}", old.id), &body).await
                    }
                    None => api::post::<_, DealResponse>("/deals", &body).await,
                };
                busy.set(false);
                match result {
                    Ok(saved) if again && deal.is_none() => {
                        error.set(None);
                        created.set(Some(saved.title.clone()));
                        draft.set(Some(Draft {
                            client: d.client.clone(),
                            stage: d.stage.clone(),
                            currency: d.currency.clone(),
                            restricted: d.restricted,
                            members: d.members.clone(),
                            ..Draft::new(&lists, me, &d.currency)
                        }));
                    }
                    Ok(saved) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Deal { id: saved.id });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let onsubmit = {
        let submit = save(false);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    let save_again = save(true).reform(|_: MouseEvent| ());

    let bids: Vec<SelectOption> = BidType::ALL
        .iter()
        .map(|b| SelectOption::new(b.as_str(), bid_text(*b).tr(lang)))
        .collect();
    let users: Vec<SelectOption> = lists
        .users
        .iter()
        .filter(|u| u.active || u.id.to_string() == d.responsible)
        .map(|u| SelectOption::new(u.id.to_string(), u.name.clone()))
        .collect();
    let people: Vec<PickerOption> = lists
        .users
        .iter()
        .filter(|u| u.active && Some(u.id) != me)
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let err = (*error).clone();
    let per_period = d.bid_type != BidType::Fixed.as_str();
    let cancel_to = match &deal {
        Some(old) => Route::Deal { id: old.id },
        None => Route::Deals,
    };

    html! {
        <section class="card">
            <h2>{ if deal.is_some() { DealText::EditDeal.tr(lang) } else { DealText::NewDeal.tr(lang) } }</h2>
            if let Some(title) = (*created).clone() {
                <Notice text={fill(DealText::Created.tr(lang), &[("title", &title)])} />
            }
            <form class="deal-form" {onsubmit} novalidate=true data-testid="deal-form">
                if let Some(error) = err.clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={DealText::DealTitle} name="title" value={d.title.clone()}
                    oninput={set(|d, v| d.title = v)} error={err.clone()} testid="deal-title"
                    required=true maxlength="200" />
                <div class="field">
                    <label>{ DealText::Client.tr(lang) }</label>
                    if let Some((id, name)) = d.client.clone() {
                        <p class="linked" data-testid="deal-client">
                            <Link<Route> to={Route::Contact { id }}>{ name }</Link<Route>>
                            <button type="button" class="link-button small" onclick={unlink}
                                data-testid="deal-client-unlink">{ DealText::RemoveClient.tr(lang) }</button>
                        </p>
                    } else {
                        <ContactPicker placeholder={DealText::FindClient} onpick={on_client}
                            testid="deal-client-search" />
                    }
                    <FieldErrors error={err.clone()} field="contact_id" />
                </div>
                <div class="field">
                    <label>{ DealText::Participants.tr(lang) }</label>
                    <ul class="plain-list">{ for contacts }</ul>
                    <ContactPicker placeholder={DealText::FindParticipant} onpick={on_contact}
                        exclude={d.contacts.iter().map(|(id, _)| *id).chain(d.client.as_ref().map(|(id, _)| *id)).collect::<Vec<_>>()}
                        testid="deal-contact-search" />
                    <FieldErrors error={err.clone()} field="contact_ids" />
                </div>
                <div class="field-row">
                    <SelectField label={DealText::Stage} name="stage_id" options={lists.stage_options()}
                        value={d.stage.clone()} onchange={set(|d, v| d.stage = v)} error={err.clone()}
                        testid="deal-stage" />
                    <TextField label={DealText::Probability} name="probability" value={d.probability.clone()}
                        oninput={set(|d, v| d.probability = v)} error={err.clone()} testid="deal-probability"
                        input_type="number" hint={DealText::ProbabilityHint} />
                </div>
                <div class="field-row">
                    <TextField label={DealText::Amount} name="amount" value={d.amount.clone()}
                        oninput={set(|d, v| d.amount = v)} error={err.clone()} testid="deal-amount"
                        maxlength="40" />
                    <TextField label={DealText::Currency} name="currency" value={d.currency.clone()}
                        oninput={set(|d, v| d.currency = v.to_uppercase())} error={err.clone()}
                        testid="deal-currency" maxlength="3" />
                    <SelectField label={DealText::BidType} name="bid_type" options={bids}
                        value={d.bid_type.clone()} onchange={set(|d, v| d.bid_type = v)} error={err.clone()}
                        testid="deal-bid-type" />
                    if per_period {
                        <TextField label={DealText::Periods} name="periods" value={d.periods.clone()}
                            oninput={set(|d, v| d.periods = v)} error={err.clone()} testid="deal-periods"
                            input_type="number" />
                    }
                </div>
                <div class="field-row">
                    <TextField label={DealText::ExpectedClose} name="expected_close_on" value={d.expected.clone()}
                        oninput={set(|d, v| d.expected = v)} error={err.clone()} testid="deal-expected"
                        input_type="date" />
                    <SelectField label={DealText::Responsible} name="responsible_id" options={users}
                        value={d.responsible.clone()} onchange={set(|d, v| d.responsible = v)}
                        error={err.clone()} testid="deal-responsible" />
                </div>
                <TextAreaField label={DealText::Description} name="description" value={d.description.clone()}
                    oninput={set(|d, v| d.description = v)} error={err.clone()} testid="deal-description" />
                <TagInput label={DealText::Tags} name="tags" tags={d.tags.clone()} error={err.clone()}
                    suggestions={start.known_tags.clone()} onchange={on_tags} testid="deal-tags" />
                if !start.fields.is_empty() {
                    <CustomFieldInputs fields={start.fields.clone()} values={d.custom.clone()}
                        error={err.clone()} sent={(*sent).clone()} onchange={on_custom} />
                }
                <CheckField label={DealText::Restricted} name="restricted" checked={d.restricted}
                    onchange={on_restricted} hint={DealText::RestrictedHint} error={err.clone()} />
                if d.restricted {
                    <IdPicker label={DealText::Members} name="member_ids" options={people}
                        selected={d.members.clone()} onchange={on_members} error={err.clone()} />
                }
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="deal-save"
                        disabled={*busy || d.title.trim().is_empty()}>
                        { if *busy { Text::Saving.tr(lang) } else { Text::Save.tr(lang) } }
                    </button>
                    if deal.is_none() {
                        <button type="button" class="button" data-testid="deal-save-new" onclick={save_again}
                            disabled={*busy || d.title.trim().is_empty()}>
                            { DealText::SaveAndNew.tr(lang) }
                        </button>
                    }
                    <Link<Route> to={cancel_to} classes="button">{ Text::Cancel.tr(lang) }</Link<Route>>
                </div>
            </form>
        </section>
    }
}
