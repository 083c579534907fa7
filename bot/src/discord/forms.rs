//! Discord forms (modals) for the buttons that ask for text ([`engine::reply::Button::Input`]).
//!
//! Such a button's custom id starts with [`FORM_PREFIX`], which no command of Pulse's starts
//! with (they all start with `/`), and carries the form's title, its question and the command
//! the text is added to ([`button_id`]). Pressed, it is answered with the form ([`modal`]),
//! whose custom id is the command; the form sent back ([`submitted_text`]) becomes the
//! command followed by the text, `/reply 1789… Thanks!`, which the engine reads as if typed.
//! Nothing is remembered between the press and the form: both carry what they need.

use serenity::all::{
    ActionRowComponent, CreateActionRow, CreateInputText, CreateInteractionResponse, CreateModal,
    InputTextStyle, ModalInteractionData,
};

/// How the custom id of a button that asks for text starts.
pub const FORM_PREFIX: &str = "form:";

/// The custom id of the form's one text field.
pub const TEXT_FIELD: &str = "text";

/// The most characters the text may have (Instagram's limit for a comment).
pub const MAX_TEXT_CHARS: usize = 2200;

/// Discord's limit for a custom id.
const CUSTOM_ID_LIMIT: usize = 100;

/// Discord's limit for a form's title and for a field's label, in characters.
const HEADING_LIMIT: usize = 45;

/// Between the parts of a button's custom id; stripped from the title and question.
const SEPARATOR: char = '\n';

/// What a button's form shows and what it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The form's title (the button's label).
    pub title: String,
    /// The question above the text field ("Your reply to @ana").
    pub question: String,
    /// The command the text is added to (`/reply 1789…`).
    pub command: String,
}

/// At most `limit` characters and `bytes` bytes of `text`, on one line.
fn heading(text: &str, limit: usize, bytes: usize) -> String {
    let mut out = String::new();
    for character in text
        .chars()
        .map(|c| if c == SEPARATOR { ' ' } else { c })
        .take(limit)
    {
        if out.len() + character.len_utf8() > bytes {
            break;
        }
        out.push(character);
    }
    out.trim().to_owned()
}

/// The custom id of a button that asks for text: [`FORM_PREFIX`], then the title, the
/// question and the command, one per line, within Discord's 100 characters (the title and
/// question shortened as needed). `None` when the command itself does not fit, or is not a
/// command.
pub fn button_id(label: &str, question: &str, command: &str) -> Option<String> {
    if !command.starts_with('/') {
        return None;
    }
    let mut room = CUSTOM_ID_LIMIT.checked_sub(FORM_PREFIX.len() + 2 + command.len())?;
    let title = heading(label, HEADING_LIMIT, room);
    room -= title.len();
    let question = heading(question, HEADING_LIMIT, room);
    Some(format!(
        "{FORM_PREFIX}{title}{SEPARATOR}{question}{SEPARATOR}{command}"
    ))
}

/// The form a pressed button's custom id asks for: `None` when it asks for none (a command
/// button). A title or question shortened to nothing is replaced by words that still fit.
pub fn asked(custom_id: &str) -> Option<Form> {
    let rest = custom_id.strip_prefix(FORM_PREFIX)?;
    let mut parts = rest.splitn(3, SEPARATOR);
    let (title, question, command) = (parts.next()?, parts.next()?, parts.next()?);
    if !command.starts_with('/') {
        return None;
    }
    let title = match heading(title, HEADING_LIMIT, usize::MAX) {
        title if title.is_empty() => "Pulse".to_owned(),
        title => title,
    };
    let question = match heading(question, HEADING_LIMIT, usize::MAX) {
        question if question.is_empty() => title.clone(),
        question => question,
    };
    Some(Form {
        title,
        question,
        command: command.to_owned(),
    })
}

/// The answer to a press of a button that asks for text: the form (interaction response type
/// 9), one paragraph field of 1 to [`MAX_TEXT_CHARS`] characters.
pub fn modal(form: &Form) -> CreateInteractionResponse {
    let field = CreateInputText::new(InputTextStyle::Paragraph, &form.question, TEXT_FIELD)
        .min_length(1)
        .max_length(MAX_TEXT_CHARS as u16)
        .required(true);
    CreateInteractionResponse::Modal(
        CreateModal::new(&form.command, &form.title)
            .components(vec![CreateActionRow::InputText(field)]),
    )
}

/// Why a form sent back cannot be read as a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormProblem {
    /// Its custom id is not a command of Pulse's, or it has no text field.
    NotPulses,
    /// The text is empty.
    Empty,
    /// The text is longer than [`MAX_TEXT_CHARS`].
    TooLong,
}

impl FormProblem {
    /// What the person is told.
    pub fn sentence(self) -> String {
        match self {
            Self::NotPulses => prompts::form_unreadable(),
            Self::Empty | Self::TooLong => {
                prompts::form_text_length(&prompts::thousands(MAX_TEXT_CHARS as u64))
            }
        }
    }
}

/// The command text of a form sent back: its command, a space, and the text (trimmed).
pub fn submitted_text(data: &ModalInteractionData) -> Result<String, FormProblem> {
    let command = data.custom_id.as_str();
    if !command.starts_with('/') || command.len() > CUSTOM_ID_LIMIT {
        return Err(FormProblem::NotPulses);
    }
    let text = data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|component| match component {
            ActionRowComponent::InputText(input) if input.custom_id == TEXT_FIELD => {
                Some(input.value.as_deref().unwrap_or_default())
            }
            _ => None,
        })
        .ok_or(FormProblem::NotPulses)?
        .trim();
    if text.is_empty() {
        return Err(FormProblem::Empty);
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(FormProblem::TooLong);
    }
    Ok(format!("{command} {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the engine's labels, questions and commands: a button id fits Discord,
        /// never reads as a command, and gives back the command as it was.
        #[test]
        fn any_button_id_fits_and_gives_back_its_command(
            label in "\\PC{0,60}",
            question in "(\\PC|\n){0,80}",
            command in "/(\\PC|\n){0,110}",
        ) {
            if let Some(id) = button_id(&label, &question, &command) {
                prop_assert!(id.len() <= CUSTOM_ID_LIMIT);
                prop_assert!(!id.starts_with('/'));
                let form = asked(&id).expect("a form");
                prop_assert_eq!(form.command, command);
                prop_assert!((1..=HEADING_LIMIT).contains(&form.title.chars().count()));
                prop_assert!((1..=HEADING_LIMIT).contains(&form.question.chars().count()));
            } else {
                prop_assert!(FORM_PREFIX.len() + 2 + command.len() > CUSTOM_ID_LIMIT);
            }
        }

        /// A stranger's form: read or refused, never a panic; what is read is a command of
        /// Pulse's followed by 1 to 2,200 characters.
        #[test]
        fn any_form_sent_back_is_read_or_refused(custom_id in "(/|form:)?\\PC{0,120}", value in "(\\PC|\n){0,2300}") {
            if let Ok(text) = submitted_text(&data(&custom_id, &value)) {
                let rest = text.strip_prefix(&format!("{custom_id} ")).expect("the command first");
                prop_assert!(custom_id.starts_with('/'));
                prop_assert!((1..=MAX_TEXT_CHARS).contains(&rest.chars().count()));
            }
        }
    }

    fn data(custom_id: &str, value: &str) -> ModalInteractionData {
        serde_json::from_value(json!({
            "custom_id": custom_id,
            "components": [{"type": 1, "components": [{"type": 4, "custom_id": TEXT_FIELD, "value": value}]}]
        }))
        .unwrap()
    }

    #[test]
    fn a_button_id_carries_its_form_and_never_reads_as_a_command() {
        let id = button_id("Reply", "Your reply to @ana", "/reply 17865799348089039").unwrap();
        assert!(id.len() <= CUSTOM_ID_LIMIT && !id.starts_with('/'), "{id}");
        assert_eq!(
            asked(&id),
            Some(Form {
                title: "Reply".into(),
                question: "Your reply to @ana".into(),
                command: "/reply 17865799348089039".into(),
            })
        );
        assert_eq!(asked("/reply 17865799348089039"), None, "a command button");
        assert_eq!(asked("form:a\nb\nnot a command"), None);
        assert_eq!(asked("form:only a title"), None);
    }

    #[test]
    fn long_titles_and_questions_are_shortened_to_fit_and_long_commands_get_no_button() {
        let question = format!("Your reply to @{}", "ü".repeat(60));
        let command = format!("/reply {}", "1".repeat(60));
        let id = button_id(&"Antworten ".repeat(10), &question, &command).unwrap();
        assert!(id.len() <= CUSTOM_ID_LIMIT, "{} bytes", id.len());
        let form = asked(&id).unwrap();
        assert_eq!(form.command, command);
        assert!(form.title.starts_with("Antworten") && form.title.chars().count() <= 45);
        assert!(!form.question.is_empty() && form.question.chars().count() <= 45);

        let id = button_id("Reply\nnow", "To\nana", "/reply 1").unwrap();
        assert_eq!(asked(&id).unwrap().title, "Reply now");
        assert_eq!(asked(&id).unwrap().question, "To ana");

        // No room for a title or question: words that fit stand in.
        let command = format!("/reply {}", "1".repeat(86));
        let form = asked(&button_id("Reply", "To ana", &command).unwrap()).unwrap();
        assert_eq!(
            (form.title.as_str(), form.question.as_str()),
            ("Pulse", "Pulse")
        );
        assert_eq!(
            button_id("Reply", "To ana", &format!("/reply {}", "1".repeat(90))),
            None
        );
    }

    #[test]
    fn the_form_has_discords_documented_shape() {
        let form =
            asked(&button_id("Reply", "Your reply to @ana", "/reply 1789").unwrap()).unwrap();
        let json = serde_json::to_value(modal(&form)).unwrap();
        assert_eq!(
            json,
            json!({"type": 9, "data": {"custom_id": "/reply 1789", "title": "Reply", "components": [
                {"type": 1, "components": [{"type": 4, "custom_id": "text", "label": "Your reply to @ana",
                    "style": 2, "min_length": 1, "max_length": 2200, "required": true}]}
            ]}})
        );
    }

    #[test]
    fn a_form_sent_back_is_its_command_and_its_text() {
        assert_eq!(
            submitted_text(&data("/reply 1789", "  Thanks, @ana! 💛 ")),
            Ok("/reply 1789 Thanks, @ana! 💛".into())
        );
        assert_eq!(
            submitted_text(&data("/reply 1789", &"é".repeat(MAX_TEXT_CHARS))).map(|t| t.len()),
            Ok("/reply 1789 ".len() + 2 * MAX_TEXT_CHARS)
        );
        assert_eq!(
            submitted_text(&data("/reply 1789", &"é".repeat(MAX_TEXT_CHARS + 1))),
            Err(FormProblem::TooLong)
        );
        assert_eq!(
            submitted_text(&data("/reply 1789", " \n ")),
            Err(FormProblem::Empty)
        );
        assert_eq!(
            submitted_text(&data("form:x\ny\n/reply 1", "hi")),
            Err(FormProblem::NotPulses)
        );
        assert_eq!(submitted_text(&data("", "hi")), Err(FormProblem::NotPulses));
        let no_field: ModalInteractionData =
            serde_json::from_value(json!({"custom_id": "/reply 1", "components": []})).unwrap();
        assert_eq!(submitted_text(&no_field), Err(FormProblem::NotPulses));
        for problem in [
            FormProblem::NotPulses,
            FormProblem::Empty,
            FormProblem::TooLong,
        ] {
            assert!(!problem.sentence().contains('{'), "{problem:?}");
        }
        assert!(FormProblem::TooLong.sentence().contains("2,200"));
    }
}
