//! The frame's text form (`top metric=saves n=1 period=30d`, the grammar of
//! `engine/corpus/README.md`): written by `Display`, read back by [`Frame::from_label`].

use std::fmt;

use crate::analytics::Order;
use crate::instagram::MediaKind;
use crate::metric::Metric;
use crate::period::Period;
use crate::question::{Audience, RateBasis};

use super::{Frame, Kind};

impl Frame {
    /// Reads the text form: `top metric=saves n=1 period=30d`, `compare of=rate
    /// period=month vs=last-month`.
    pub fn from_label(text: &str) -> Result<Frame, String> {
        let mut parts = text.split_whitespace();
        let head = parts.next().ok_or("an empty frame")?;
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for part in parts {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not key=value"))?;
            pairs.push((key, value));
        }
        let value_of = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let kind_name = if head == "compare" {
            value_of("of").ok_or("compare needs of=")?
        } else {
            head
        };
        let kind = Kind::from_name(kind_name).ok_or_else(|| format!("no kind {kind_name:?}"))?;
        let mut frame = Frame::new(kind);
        for (key, value) in &pairs {
            let bad = || format!("bad {key}={value}");
            match *key {
                "of" if head == "compare" => {}
                "metric" => frame.metric = Some(metric_of(value).ok_or_else(bad)?),
                "order" => {
                    frame.order = Some(match *value {
                        "top" => Order::Highest,
                        "bottom" => Order::Lowest,
                        _ => return Err(bad()),
                    })
                }
                "n" => frame.count = Some(value.parse().map_err(|_| bad())?),
                "type" => frame.media = Some(media_of(value).ok_or_else(bad)?),
                "period" => frame.period = Some(Period::from_label(value).ok_or_else(bad)?),
                "vs" if head == "compare" => {
                    frame.versus = Some(Period::from_label(value).ok_or_else(bad)?)
                }
                "basis" => {
                    frame.basis = Some(match *value {
                        "reach" => RateBasis::Reach,
                        "followers" => RateBasis::Followers,
                        _ => return Err(bad()),
                    })
                }
                "aspect" => {
                    frame.audience = Some(match *value {
                        "places" => Audience::Places,
                        "ages" => Audience::Ages,
                        "genders" => Audience::Genders,
                        _ => return Err(bad()),
                    })
                }
                "caption" if *value == "yes" => frame.caption = true,
                _ => return Err(format!("{head} takes no {key}={value}")),
            }
        }
        if head == "compare" && frame.versus.is_none() {
            return Err("compare needs vs=".into());
        }
        Ok(frame)
    }
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.versus.is_some() {
            write!(f, "compare of={}", self.kind.name())?;
        } else {
            f.write_str(self.kind.name())?;
        }
        if let Some(metric) = self.metric {
            write!(f, " metric={}", metric_name(metric))?;
        }
        if let Some(order) = self.order {
            let name = match order {
                Order::Highest => "top",
                Order::Lowest => "bottom",
            };
            write!(f, " order={name}")?;
        }
        if let Some(count) = self.count {
            write!(f, " n={count}")?;
        }
        if let Some(media) = self.media {
            write!(f, " type={}", media.noun())?;
        }
        if let Some(basis) = self.basis {
            let name = match basis {
                RateBasis::Reach => "reach",
                RateBasis::Followers => "followers",
            };
            write!(f, " basis={name}")?;
        }
        if let Some(audience) = self.audience {
            let name = match audience {
                Audience::Places => "places",
                Audience::Ages => "ages",
                Audience::Genders => "genders",
            };
            write!(f, " aspect={name}")?;
        }
        if let Some(period) = self.period {
            write!(f, " period={}", period.label())?;
        }
        if let Some(versus) = self.versus {
            write!(f, " vs={}", versus.label())?;
        }
        if self.caption {
            f.write_str(" caption=yes")?;
        }
        Ok(())
    }
}

fn metric_name(metric: Metric) -> &'static str {
    match metric {
        Metric::ProfileVisits => "profile_visits",
        Metric::EngagementRate => "er",
        other => other.noun(),
    }
}

fn metric_of(name: &str) -> Option<Metric> {
    Metric::ALL
        .into_iter()
        .find(|metric| metric_name(*metric) == name)
}

fn media_of(name: &str) -> Option<MediaKind> {
    [
        MediaKind::Reel,
        MediaKind::Image,
        MediaKind::Video,
        MediaKind::Carousel,
    ]
    .into_iter()
    .find(|kind| kind.noun() == name)
}
