//! The deals pages: the list with its totals, the board of a pipeline, the form and the page
//! of one deal; and what they share: the pipelines with their stages, the users, and how
//! money, stages and budget types read.

mod board;
mod bulk;
mod form;
mod list;
mod view;

use std::rc::Rc;

use crm_api_types::{BidType, PipelineResponse, PipelinesResponse, StageResponse, StageStatus};
use futures::future::join;
use yew::prelude::*;

pub use board::DealBoardPage;
pub use form::DealFormPage;
pub use list::DealsPage;
pub use view::{DealPage, DealTab};

use crate::components::SelectOption;
use crate::hooks::{use_load, Loaded, PortalUsers};
use crate::i18n::{DealText, Lang};
use crate::services::{api, format, ApiError};

/// What the deals pages choose from.
#[derive(Clone, PartialEq)]
pub struct DealChoices {
    /// Pipelines with their stages, in order.
    pub pipelines: Vec<PipelineResponse>,
    /// Users of the portal.
    pub users: PortalUsers,
}

impl DealChoices {
    /// A stage of any pipeline.
    pub fn stage(&self, id: i64) -> Option<&StageResponse> {
        self.pipelines
            .iter()
            .flat_map(|p| p.stages.iter())
            .find(|s| s.id == id)
    }

    /// The stages of a pipeline as the options of a `<select>`, `current` chosen.
    pub fn stage_select(&self, pipeline: i64, current: i64) -> Html {
        let stages = self.pipelines.iter().find(|p| p.id == pipeline);
        let options = stages.into_iter().flat_map(|p| p.stages.iter()).map(|s| {
            html! { <option value={s.id.to_string()} selected={s.id == current}>{ s.name.clone() }</option> }
        });
        options.collect::<Html>()
    }

    /// Every stage as a choice, named with its pipeline when there are several.
    pub fn stage_options(&self) -> Vec<SelectOption> {
        let several = self.pipelines.len() > 1;
        self.pipelines
            .iter()
            .flat_map(|p| {
                p.stages.iter().map(move |s| {
                    let label = if several {
                        format!("{} · {}", p.name, s.name)
                    } else {
                        s.name.clone()
                    };
                    SelectOption::new(s.id.to_string(), label)
                })
            })
            .collect()
    }
}

async fn load_choices() -> Result<Rc<DealChoices>, ApiError> {
    let (pipelines, users) = join(
        api::get::<PipelinesResponse>("/pipelines"),
        PortalUsers::load(),
    )
    .await;
    Ok(Rc::new(DealChoices {
        pipelines: pipelines?.items,
        users: users?,
    }))
}

/// Loads the [`DealChoices`] once per page.
#[hook]
pub fn use_deal_choices() -> Loaded<Rc<DealChoices>> {
    use_load((), |()| load_choices())
}

/// An amount in its currency, as the reader's language writes numbers.
pub fn money(amount: &str, currency: &str, lang: Lang) -> String {
    format!("{} {currency}", format::number(amount, lang))
}

/// What a stage status is called.
pub fn status_text(status: StageStatus) -> DealText {
    match status {
        StageStatus::Open => DealText::Open,
        StageStatus::Won => DealText::Won,
        StageStatus::Lost => DealText::Lost,
    }
}

/// What a budget type is called.
pub fn bid_text(bid: BidType) -> DealText {
    match bid {
        BidType::Fixed => DealText::BidFixed,
        BidType::PerHour => DealText::BidPerHour,
        BidType::PerDay => DealText::BidPerDay,
        BidType::PerWeek => DealText::BidPerWeek,
        BidType::PerMonth => DealText::BidPerMonth,
        BidType::PerYear => DealText::BidPerYear,
    }
}

/// A stage's name with its colour.
pub fn stage_chip(stage: Option<&StageResponse>) -> Html {
    match stage {
        Some(s) => html! {
            <span class="stage-chip" data-testid="deal-stage" data-stage={s.id.to_string()}>
                <span class="dot" style={format!("background:{}", s.color)} aria-hidden="true"></span>
                { s.name.clone() }
            </span>
        },
        None => html! {},
    }
}
