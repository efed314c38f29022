//! The pipelines and stages of the deals (CRM admins): add, rename, reorder and delete
//! pipelines; per stage its name, colour, probability and status, added, changed, moved and
//! deleted. Deleting one that holds deals asks where its deals go.

use crm_api_types::{
    CreatePipelineRequest, MovedResponse, PipelineResponse, PipelinesResponse, ReorderRequest,
    StageRequest, StageResponse, StageStatus, UpdatePipelineRequest,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{Loading, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, DealText, Lang, SettingsText, Text};
use crate::pages::deals::status_text;
use crate::services::{api, browser, ApiError};

const NEW_STAGE_COLOR: &str = "#b0b8c4";

/// Whether a refused deletion asks where the deals go.
fn needs_target(e: &ApiError) -> bool {
    e.errors.iter().any(|f| f.field == "move_to")
}

/// Runs `call`; then `done`, or `failed` with the error.
fn run<T: 'static>(
    call: impl std::future::Future<Output = Result<T, ApiError>> + 'static,
    done: Callback<()>,
    failed: Callback<ApiError>,
) {
    spawn_local(async move {
        match call.await {
            Ok(_) => done.emit(()),
            Err(e) => failed.emit(e),
        }
    });
}

/// `ids` with the one at `index` moved up or down.
fn moved(ids: &[i64], index: usize, up: bool) -> Vec<i64> {
    let mut ids = ids.to_vec();
    let other = if up {
        index.checked_sub(1)
    } else {
        Some(index + 1)
    };
    if let Some(other) = other.filter(|o| *o < ids.len()) {
        ids.swap(index, other);
    }
    ids
}

/// Deletes the pipeline or stage at `path`, its deals moved to `target` when one is chosen; a
/// refusal that asks where they go opens that choice (`asking`).
fn delete_moving(
    path: &str,
    target: Option<i64>,
    asking: &UseStateHandle<bool>,
    done: &Callback<()>,
    failed: &Callback<ApiError>,
) {
    let url = match target {
        Some(to) => format!("{path}?move_to={to}"),
        None => path.to_owned(),
    };
    let (asking, done, failed) = (asking.clone(), done.clone(), failed.clone());
    spawn_local(async move {
        match api::request_delete::<MovedResponse>(&url).await {
            Ok(_) => done.emit(()),
            Err(e) if needs_target(&e) => asking.set(true),
            Err(e) => failed.emit(e),
        }
    });
}

/// A select's value as an id.
fn select_id(e: &Event) -> Option<i64> {
    e.target_unchecked_into::<HtmlSelectElement>()
        .value()
        .parse()
        .ok()
}

/// The pipelines settings page.
#[component]
pub fn CrmPipelinesPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let loaded = use_load((), |()| async {
        api::get::<PipelinesResponse>("/pipelines").await
    });
    let error = use_state(|| None::<ApiError>);
    let name = use_state(String::new);
    let Some(all) = loaded.data.clone() else {
        return match loaded.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={loaded.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let done = {
        let (reload, error) = (loaded.reload.clone(), error.clone());
        Callback::from(move |()| {
            error.set(None);
            reload.emit(());
        })
    };
    let failed = {
        let error = error.clone();
        Callback::from(move |e: ApiError| error.set(Some(e)))
    };
    let on_add = {
        let (name, done, failed) = (name.clone(), done.clone(), failed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = CreatePipelineRequest {
                name: name.trim().to_owned(),
            };
            name.set(String::new());
            run(
                async move { api::post::<_, PipelineResponse>("/pipelines", &body).await },
                done.clone(),
                failed.clone(),
            );
        })
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let ids: Vec<i64> = all.items.iter().map(|p| p.id).collect();
    let cards = all.items.iter().enumerate().map(|(index, p)| {
        let on_move = {
            let (ids, done, failed) = (ids.clone(), done.clone(), failed.clone());
            Callback::from(move |up: bool| {
                let body = ReorderRequest {
                    ids: moved(&ids, index, up),
                };
                run(
                    async move { api::put::<_, ()>("/pipelines/order", &body).await },
                    done.clone(),
                    failed.clone(),
                );
            })
        };
        html! {
            <PipelineCard key={p.id} pipeline={p.clone()} others={all.items.iter().filter(|o| o.id != p.id).cloned().collect::<Vec<_>>()}
                first={index == 0} last={index + 1 == all.items.len()} {on_move}
                on_changed={done.clone()} on_error={failed.clone()} />
        }
    });

    html! {
        <>
            <section class="card">
                <h2>{ DealText::Pipelines.tr(lang) }</h2>
                <p class="muted">{ DealText::PipelinesHint.tr(lang) }</p>
                <form class="toolbar" onsubmit={on_add} data-testid="pipeline-add">
                    <input type="text" maxlength="100" value={(*name).clone()} oninput={on_name}
                        aria-label={DealText::NewPipeline.tr(lang)} placeholder={DealText::NewPipeline.tr(lang)}
                        data-testid="pipeline-add-name" />
                    <button type="submit" class="button" disabled={name.trim().is_empty()}>{ SettingsText::Add.tr(lang) }</button>
                </form>
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            { for cards }
        </>
    }
}

/// Properties of [`PipelineCard`].
#[derive(Properties, PartialEq)]
struct PipelineCardProps {
    pipeline: PipelineResponse,
    /// The other pipelines (where its deals may go).
    others: Vec<PipelineResponse>,
    first: bool,
    last: bool,
    /// Moves the pipeline up (`true`) or down.
    on_move: Callback<bool>,
    on_changed: Callback<()>,
    on_error: Callback<ApiError>,
}

/// One pipeline with its stages.
#[component]
fn PipelineCard(props: &PipelineCardProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let p = &props.pipeline;
    let name = use_state(|| p.name.clone());
    let target = use_state(|| None::<i64>);
    let asking = use_state(|| false);
    {
        let name = name.clone();
        use_effect_with(p.name.clone(), move |n| name.set(n.clone()));
    }
    let (done, failed) = (props.on_changed.clone(), props.on_error.clone());
    let path = format!("/pipelines/{}", p.id);
    let on_rename = {
        let (name, path, version, done, failed) = (
            name.clone(),
            path.clone(),
            p.version,
            done.clone(),
            failed.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let body = UpdatePipelineRequest {
                name: name.trim().to_owned(),
                version: Some(version),
            };
            let path = path.clone();
            run(
                async move { api::patch::<_, PipelineResponse>(&path, &body).await },
                done.clone(),
                failed.clone(),
            );
        })
    };
    let on_delete = {
        let (path, title, target, asking, done, failed) = (
            path.clone(),
            p.name.clone(),
            target.clone(),
            asking.clone(),
            done.clone(),
            failed.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if !*asking
                && !browser::confirm(&fill(
                    DealText::ConfirmDeletePipeline.tr(lang),
                    &[("name", &title)],
                ))
            {
                return;
            }
            delete_moving(&path, *target, &asking, &done, &failed);
        })
    };
    let on_target = {
        let target = target.clone();
        Callback::from(move |e: Event| target.set(select_id(&e)))
    };
    let up = props.on_move.reform(|_: MouseEvent| true);
    let down = props.on_move.reform(|_: MouseEvent| false);
    let stage_ids: Vec<i64> = p.stages.iter().map(|s| s.id).collect();
    let rows = p.stages.iter().enumerate().map(|(index, s)| {
        let on_move = {
            let (ids, path, done, failed) = (
                stage_ids.clone(),
                path.clone(),
                done.clone(),
                failed.clone(),
            );
            Callback::from(move |up: bool| {
                let body = ReorderRequest {
                    ids: moved(&ids, index, up),
                };
                let path = format!("{path}/stages/order");
                run(
                    async move { api::put::<_, ()>(&path, &body).await },
                    done.clone(),
                    failed.clone(),
                );
            })
        };
        html! {
            <StageRow key={s.id} stage={Some(s.clone())} siblings={p.stages.clone()}
                first={index == 0} last={index + 1 == p.stages.len()} {on_move}
                on_changed={done.clone()} on_error={failed.clone()} />
        }
    });
    let targets = props.others.iter().map(|o| {
        html! { <option value={o.id.to_string()} selected={*target == Some(o.id)}>{ o.name.clone() }</option> }
    });

    html! {
        <section class="card pipeline-card" data-testid="pipeline" data-id={p.id.to_string()}>
            <div class="toolbar">
                <input type="text" maxlength="100" value={(*name).clone()} data-testid="pipeline-name"
                    aria-label={DealText::Pipeline.tr(lang)}
                    oninput={let name = name.clone(); Callback::from(move |e: InputEvent| name.set(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                if name.trim() != p.name {
                    <button type="button" class="button primary" onclick={on_rename} data-testid="pipeline-rename">{ Text::Save.tr(lang) }</button>
                }
                <button type="button" class="button" disabled={props.first} onclick={up}
                    aria-label={DealText::MoveUp.tr(lang)}>{ "↑" }</button>
                <button type="button" class="button" disabled={props.last} onclick={down}
                    aria-label={DealText::MoveDown.tr(lang)}>{ "↓" }</button>
                if !props.others.is_empty() {
                    <button type="button" class="button danger" onclick={on_delete.clone()} data-testid="pipeline-delete">{ Text::Delete.tr(lang) }</button>
                }
            </div>
            if *asking {
                <div class="toolbar" data-testid="pipeline-move-to">
                    <span>{ DealText::MoveDealsTo.tr(lang) }</span>
                    <select onchange={on_target} aria-label={DealText::MoveDealsTo.tr(lang)}>
                        <option value="" selected={target.is_none()}>{ "—" }</option>
                        { for targets }
                    </select>
                    <button type="button" class="button danger" disabled={target.is_none()} onclick={on_delete}>
                        { DealText::DeleteAndMove.tr(lang) }
                    </button>
                </div>
            }
            <div class="table-wrap">
                <table class="table stages-table">
                    <thead>
                        <tr>
                            <th>{ DealText::StageColor.tr(lang) }</th>
                            <th>{ DealText::Stage.tr(lang) }</th>
                            <th class="num">{ DealText::Probability.tr(lang) }</th>
                            <th>{ DealText::StageStatus.tr(lang) }</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows }
                        <StageRow stage={None::<StageResponse>} siblings={Vec::<StageResponse>::new()} first=true last=true
                            on_move={Callback::noop()} add_to={Some(p.id)} on_changed={done.clone()} on_error={failed.clone()} />
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Properties of [`StageRow`].
#[derive(Properties, PartialEq)]
struct StageRowProps {
    /// The stage; `None` for the row that adds one.
    stage: Option<StageResponse>,
    /// The stages of its pipeline (where its deals may go).
    siblings: Vec<StageResponse>,
    first: bool,
    last: bool,
    on_move: Callback<bool>,
    /// The pipeline a new stage is added to.
    #[prop_or_default]
    add_to: Option<i64>,
    on_changed: Callback<()>,
    on_error: Callback<ApiError>,
}

#[derive(Clone, PartialEq)]
struct StageDraft {
    name: String,
    color: String,
    probability: String,
    status: StageStatus,
}

impl StageDraft {
    fn of(stage: Option<&StageResponse>) -> Self {
        match stage {
            Some(s) => Self {
                name: s.name.clone(),
                color: s.color.clone(),
                probability: s.probability.to_string(),
                status: s.status,
            },
            None => Self {
                name: String::new(),
                color: NEW_STAGE_COLOR.to_owned(),
                probability: "0".into(),
                status: StageStatus::Open,
            },
        }
    }
}

/// One stage, or the row that adds one.
#[component]
fn StageRow(props: &StageRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let draft = use_state(|| StageDraft::of(props.stage.as_ref()));
    let target = use_state(|| None::<i64>);
    let asking = use_state(|| false);
    {
        let draft = draft.clone();
        use_effect_with(props.stage.clone(), move |s| {
            draft.set(StageDraft::of(s.as_ref()))
        });
    }
    let d = (*draft).clone();
    let set = |apply: fn(&mut StageDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            apply(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            draft.set(next);
        })
    };
    let (done, failed) = (props.on_changed.clone(), props.on_error.clone());
    let changed = d != StageDraft::of(props.stage.as_ref());
    let on_save = {
        let (d, stage, add_to, draft, done, failed) = (
            d.clone(),
            props.stage.clone(),
            props.add_to,
            draft.clone(),
            done.clone(),
            failed.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let body = StageRequest {
                name: Some(d.name.trim().to_owned()),
                description: None,
                color: Some(d.color.clone()),
                probability: Some(d.probability.trim().parse().unwrap_or(-1)),
                status: Some(d.status),
                version: stage.as_ref().map(|s| s.version),
            };
            let (stage, draft) = (stage.clone(), draft.clone());
            let call = async move {
                let answer = match (&stage, add_to) {
                    (Some(s), _) => {
                        let path = format!("/pipelines/{}/stages/{}", s.pipeline_id, s.id);
                        api::patch::<_, StageResponse>(&path, &body).await
                    }
                    (None, Some(p)) => {
                        api::post::<_, StageResponse>(&format!("/pipelines/{p}/stages"), &body)
                            .await
                    }
                    (None, None) => return Ok(()),
                };
                if stage.is_none() && answer.is_ok() {
                    draft.set(StageDraft::of(None));
                }
                answer.map(drop)
            };
            run(call, done.clone(), failed.clone());
        })
    };
    let on_status = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*draft).clone();
            if let Some(s) = StageStatus::ALL.iter().find(|s| s.as_str() == value) {
                next.status = *s;
            }
            draft.set(next);
        })
    };
    let statuses = StageStatus::ALL.iter().map(|s| {
        html! { <option value={s.as_str()} selected={d.status == *s}>{ status_text(*s).tr(lang) }</option> }
    });
    let actions = match &props.stage {
        Some(s) => stage_actions(props, s, &target, &asking, lang),
        None => html! {},
    };
    let label = if props.stage.is_some() {
        Text::Save.tr(lang)
    } else {
        SettingsText::Add.tr(lang)
    };

    html! {
        <tr data-testid={if props.stage.is_some() { "stage-row" } else { "stage-add" }}>
            <td><input type="color" value={d.color.clone()} onchange={set(|d, v| d.color = v)}
                aria-label={DealText::StageColor.tr(lang)} /></td>
            <td><input type="text" maxlength="100" value={d.name.clone()} onchange={set(|d, v| d.name = v)}
                aria-label={DealText::Stage.tr(lang)} data-testid="stage-name" /></td>
            <td class="num"><input type="number" min="0" max="100" value={d.probability.clone()}
                onchange={set(|d, v| d.probability = v)} aria-label={DealText::Probability.tr(lang)}
                data-testid="stage-probability" /></td>
            <td><select onchange={on_status} aria-label={DealText::StageStatus.tr(lang)} data-testid="stage-status">{ for statuses }</select></td>
            <td class="nowrap">
                if changed && !d.name.trim().is_empty() {
                    <button type="button" class="button primary small" onclick={on_save} data-testid="stage-save">{ label }</button>
                }
                { actions }
            </td>
        </tr>
    }
}

/// Move and delete of a stage; deleting one with deals asks where they go.
fn stage_actions(
    props: &StageRowProps,
    s: &StageResponse,
    target: &UseStateHandle<Option<i64>>,
    asking: &UseStateHandle<bool>,
    lang: Lang,
) -> Html {
    let path = format!("/pipelines/{}/stages/{}", s.pipeline_id, s.id);
    let on_delete = {
        let (title, target, asking) = (s.name.clone(), target.clone(), asking.clone());
        let (done, failed) = (props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if !*asking
                && !browser::confirm(&fill(
                    DealText::ConfirmDeleteStage.tr(lang),
                    &[("name", &title)],
                ))
            {
                return;
            }
            delete_moving(&path, *target, &asking, &done, &failed);
        })
    };
    let on_target = {
        let target = target.clone();
        Callback::from(move |e: Event| target.set(select_id(&e)))
    };
    let targets = props.siblings.iter().filter(|o| o.id != s.id).map(|o| {
        html! { <option value={o.id.to_string()} selected={**target == Some(o.id)}>{ o.name.clone() }</option> }
    });
    html! {
        <>
            <button type="button" class="button small" disabled={props.first}
                onclick={props.on_move.reform(|_: MouseEvent| true)} aria-label={DealText::MoveUp.tr(lang)}>{ "↑" }</button>
            <button type="button" class="button small" disabled={props.last}
                onclick={props.on_move.reform(|_: MouseEvent| false)} aria-label={DealText::MoveDown.tr(lang)}>{ "↓" }</button>
            if **asking {
                <select onchange={on_target} aria-label={DealText::MoveDealsTo.tr(lang)} data-testid="stage-move-to">
                    <option value="" selected={target.is_none()}>{ DealText::MoveDealsTo.tr(lang) }</option>
                    { for targets }
                </select>
            }
            <button type="button" class="button danger small" onclick={on_delete} data-testid="stage-delete"
                disabled={**asking && target.is_none()}>
                { if **asking { DealText::DeleteAndMove.tr(lang) } else { Text::Delete.tr(lang) } }
            </button>
        </>
    }
}
