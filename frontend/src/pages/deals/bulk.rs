//! Bulk actions on the selected deals: move to a stage, reassign, add or remove tags, delete.

use std::rc::Rc;

use crm_api_types::{DealBulkAction, DealBulkRequest, DealBulkResponse, TagListResponse};
use yew::prelude::*;

use super::DealChoices;
use crate::components::{send_bulk, BulkPanel, SelectField, SelectOption, TagInput};
use crate::hooks::{field_setter, use_load, use_session};
use crate::i18n::{fill, ContactText, DealText, TaskText, Text};
use crate::services::{api, browser, ApiError};

/// The actions, with their names.
const ACTIONS: [(DealBulkAction, DealText); 5] = [
    (DealBulkAction::SetStage, DealText::BulkSetStage),
    (DealBulkAction::Reassign, DealText::BulkReassign),
    (DealBulkAction::AddTags, DealText::BulkAddTags),
    (DealBulkAction::RemoveTags, DealText::BulkRemoveTags),
    (DealBulkAction::Delete, DealText::BulkDelete),
];

/// The arguments of the chosen action.
#[derive(Debug, Clone, PartialEq)]
struct BulkDraft {
    action: DealBulkAction,
    stage: String,
    responsible: String,
    tags: Vec<String>,
}

impl BulkDraft {
    /// The request for `ids`, or what is missing.
    fn request(&self, ids: Vec<i64>) -> Result<DealBulkRequest, ContactText> {
        let mut request = DealBulkRequest {
            ids,
            action: self.action.as_str().to_owned(),
            ..Default::default()
        };
        match self.action {
            DealBulkAction::SetStage => request.stage_id = self.stage.parse().ok(),
            DealBulkAction::Reassign => request.responsible_id = self.responsible.parse().ok(),
            DealBulkAction::AddTags | DealBulkAction::RemoveTags if self.tags.is_empty() => {
                return Err(ContactText::BulkNeedsTags)
            }
            DealBulkAction::AddTags | DealBulkAction::RemoveTags => {
                request.tags = Some(self.tags.clone());
            }
            DealBulkAction::Delete => {}
        }
        Ok(request)
    }
}

/// Properties of [`DealBulkBar`].
#[derive(Properties, PartialEq)]
pub struct DealBulkBarProps {
    /// Ids of the selected deals.
    pub selected: Vec<i64>,
    /// Stages and users to choose from.
    pub choices: Rc<DealChoices>,
    /// Called with the server's answer after the action ran.
    pub on_done: Callback<DealBulkResponse>,
    /// Clears the selection.
    pub on_clear: Callback<()>,
}

/// The bar at the bottom of the screen while deals are selected.
#[component]
pub fn DealBulkBar(props: &DealBulkBarProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let me = session.me().map(|me| me.user.id).unwrap_or_default();
    let first_stage = props
        .choices
        .pipelines
        .first()
        .and_then(|p| p.stages.first())
        .map(|s| s.id.to_string())
        .unwrap_or_default();
    let draft = use_state(|| BulkDraft {
        action: DealBulkAction::SetStage,
        stage: first_stage,
        responsible: me.to_string(),
        tags: Vec::new(),
    });
    let known = use_load((), |()| async {
        api::get::<TagListResponse>("/tags?kind=deal").await
    });
    let missing = use_state(|| None::<ContactText>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let set = |apply: fn(&mut BulkDraft, String)| field_setter(&draft, apply);
    let on_tags = {
        let draft = draft.clone();
        Callback::from(move |tags| {
            draft.set(BulkDraft {
                tags,
                ..(*draft).clone()
            })
        })
    };
    let apply = {
        let (draft, missing, error, busy) =
            (draft.clone(), missing.clone(), error.clone(), busy.clone());
        let (ids, on_done) = (props.selected.clone(), props.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let request = match draft.request(ids.clone()) {
                Ok(request) => request,
                Err(text) => return missing.set(Some(text)),
            };
            missing.set(None);
            if draft.action == DealBulkAction::Delete {
                let question = fill(
                    DealText::ConfirmBulkDelete.tr(lang),
                    &[("n", &ids.len().to_string())],
                );
                if !browser::confirm(&question) {
                    return;
                }
            }
            send_bulk::<_, DealBulkResponse>(
                "/deals/bulk-actions",
                request,
                &busy,
                &error,
                &on_done,
            );
        })
    };
    let actions: Vec<SelectOption> = ACTIONS
        .iter()
        .map(|(action, text)| SelectOption::new(action.as_str(), text.tr(lang)))
        .collect();
    let users: Vec<SelectOption> = props
        .choices
        .users
        .iter()
        .filter(|u| u.active)
        .map(|u| SelectOption::new(u.id.to_string(), u.name.clone()))
        .collect();
    let suggestions: Vec<String> = known
        .data
        .iter()
        .flat_map(|t| t.items.iter().map(|t| t.name.clone()))
        .collect();
    let on_action = set(|d, v| {
        if let Some(action) = DealBulkAction::ALL.iter().find(|a| a.as_str() == v) {
            d.action = *action;
        }
    });
    let count = fill(
        Text::SelectedCount.tr(lang),
        &[("n", &props.selected.len().to_string())],
    );
    let action = draft.action;
    let deleting = action == DealBulkAction::Delete;

    html! {
        <BulkPanel testid="deal-bulk" count={count} error={(*error).clone()}
            missing={missing.map(|t| AttrValue::from(t.tr(lang)))} {deleting} busy={*busy}
            on_apply={apply} on_clear={props.on_clear.clone()}>
                <SelectField label={ContactText::BulkAction} name="deal_bulk_action" options={actions}
                    value={action.as_str()} onchange={on_action} testid="deal-bulk-action" />
                if action == DealBulkAction::SetStage {
                    <SelectField label={DealText::Stage} name="stage_id" options={props.choices.stage_options()}
                        value={draft.stage.clone()} onchange={set(|d, v| d.stage = v)} testid="deal-bulk-stage" />
                }
                if action == DealBulkAction::Reassign {
                    <SelectField label={TaskText::NewResponsible} name="responsible_id" options={users}
                        value={draft.responsible.clone()} onchange={set(|d, v| d.responsible = v)}
                        testid="deal-bulk-responsible" />
                }
                if matches!(action, DealBulkAction::AddTags | DealBulkAction::RemoveTags) {
                    <TagInput label={DealText::Tags} name="tags" tags={draft.tags.clone()}
                        {suggestions} onchange={on_tags} testid="deal-bulk-tags" />
                }
        </BulkPanel>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(action: DealBulkAction) -> BulkDraft {
        BulkDraft {
            action,
            stage: "3".into(),
            responsible: "7".into(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn each_action_sends_only_its_arguments() {
        let stage = draft(DealBulkAction::SetStage)
            .request(vec![1])
            .unwrap_or_default();
        assert_eq!((stage.stage_id, stage.responsible_id), (Some(3), None));
        let reassign = draft(DealBulkAction::Reassign)
            .request(vec![1])
            .unwrap_or_default();
        assert_eq!(
            (reassign.stage_id, reassign.responsible_id),
            (None, Some(7))
        );
        assert_eq!(
            draft(DealBulkAction::AddTags).request(vec![1]),
            Err(ContactText::BulkNeedsTags)
        );
        let mut tagged = draft(DealBulkAction::RemoveTags);
        tagged.tags = vec!["vip".into()];
        let request = tagged.request(vec![1, 2]).unwrap_or_default();
        assert_eq!(request.tags, Some(vec!["vip".to_owned()]));
        assert_eq!(request.ids, [1, 2]);
    }
}
