//! Pulse's slash commands, translated from the engine's one table of commands
//! ([`engine::command::COMMANDS`]): a definition for each (typed options, choices for metric
//! and period, Manage Server for what only the server's administrators may use) and the one
//! mapping from a used command back to Pulse's command text, so the engine hears
//! `/top saves 7d 3` whatever the platform.

use engine::command::{ArgumentKind, Spec, Who, METRIC_CHOICES, PERIOD_CHOICES};
use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption, Permissions};

fn choices(mut option: CreateCommandOption, values: &[(&str, &str)]) -> CreateCommandOption {
    for (label, value) in values {
        option = option.add_string_choice(*label, *value);
    }
    option
}

/// The option of one argument.
fn option(argument: &engine::command::Argument) -> CreateCommandOption {
    let new = |kind| CreateCommandOption::new(kind, argument.name, argument.description);
    let option = match argument.kind {
        ArgumentKind::Period => choices(new(CommandOptionType::String), PERIOD_CHOICES),
        ArgumentKind::Metric => choices(new(CommandOptionType::String), METRIC_CHOICES),
        ArgumentKind::Count { max } => new(CommandOptionType::Integer)
            .min_int_value(1)
            .max_int_value(max),
        ArgumentKind::Text => new(CommandOptionType::String),
        ArgumentKind::Choice(values) => choices(new(CommandOptionType::String), values),
        ArgumentKind::Channel => new(CommandOptionType::Channel),
        ArgumentKind::Attachment => new(CommandOptionType::Attachment),
    };
    option.required(argument.required)
}

/// Whether Discord shows `spec` only to members with Manage Server
/// (`default_member_permissions`). Pulse checks each use itself too
/// ([`engine::Command::needs_chat_admin`]).
pub fn for_managers(spec: &Spec) -> bool {
    spec.who != Who::Everyone
}

/// A slash command for every command of `table` but the one a chat opens with (Discord has
/// no Start button), in the table's order.
pub fn definitions(table: &[Spec]) -> Vec<CreateCommand> {
    table
        .iter()
        .filter(|spec| !spec.opens_the_chat)
        .map(|spec| {
            let command = spec.arguments.iter().fold(
                CreateCommand::new(spec.name).description(spec.summary),
                |command, argument| command.add_option(option(argument)),
            );
            if for_managers(spec) {
                command.default_member_permissions(Permissions::MANAGE_GUILD)
            } else {
                command
            }
        })
        .collect()
}

/// An option value as Discord sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// A string option.
    Text(String),
    /// An integer option.
    Integer(i64),
    /// A channel option (its id).
    Channel(String),
}

/// The Pulse command text of a used slash command: its name, then the values of its
/// arguments in the table's order; the channel option, if any, separately.
pub fn command_text(
    table: &[Spec],
    name: &str,
    options: &[(String, OptionValue)],
) -> (String, Option<String>) {
    let value = |key: &str| {
        options.iter().find_map(|(n, v)| match v {
            OptionValue::Text(t) if n == key => Some(t.trim().to_owned()),
            OptionValue::Integer(i) if n == key => Some(i.to_string()),
            _ => None,
        })
    };
    let channel = options.iter().find_map(|(_, v)| match v {
        OptionValue::Channel(id) => Some(id.clone()),
        _ => None,
    });
    let parts: Vec<String> = engine::command::find(table, name)
        .map(|spec| {
            spec.arguments
                .iter()
                .filter(|argument| {
                    !matches!(
                        argument.kind,
                        ArgumentKind::Channel | ArgumentKind::Attachment
                    )
                })
                .filter_map(|argument| value(argument.name))
                .filter(|part| !part.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let text = if parts.is_empty() {
        format!("/{name}")
    } else {
        format!("/{name} {}", parts.join(" "))
    };
    (text, channel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::command::COMMANDS;

    fn text(value: &str) -> OptionValue {
        OptionValue::Text(value.into())
    }

    #[test]
    fn used_commands_become_pulse_command_text() {
        type Case = (&'static str, Vec<(String, OptionValue)>, &'static str);
        let cases: Vec<Case> = vec![
            (
                "top",
                vec![
                    ("metric".into(), text("saves")),
                    ("period".into(), text("7d")),
                    ("count".into(), OptionValue::Integer(3)),
                ],
                "/top saves 7d 3",
            ),
            ("top", vec![], "/top"),
            (
                "stats",
                vec![("period".into(), text("last-month"))],
                "/stats last-month",
            ),
            (
                "digest",
                vec![
                    ("action".into(), text("time")),
                    ("time".into(), text("08:30")),
                ],
                "/digest time 08:30",
            ),
            (
                "digest",
                vec![("action".into(), text("now"))],
                "/digest now",
            ),
            (
                "ask",
                vec![("question".into(), text("  best reel last week? "))],
                "/ask best reel last week?",
            ),
            ("use", vec![("handle".into(), text("@shop"))], "/use @shop"),
            (
                "timezone",
                vec![("zone".into(), text("Europe/Berlin"))],
                "/timezone Europe/Berlin",
            ),
            ("connect", vec![], "/connect"),
            ("digest", vec![], "/digest"),
            ("timezone", vec![], "/timezone"),
        ];
        for (name, options, expected) in cases {
            assert_eq!(command_text(COMMANDS, name, &options).0, expected);
        }
        let (_, channel) = command_text(
            COMMANDS,
            "digest",
            &[
                ("action".into(), text("on")),
                ("channel".into(), OptionValue::Channel("42".into())),
            ],
        );
        assert_eq!(channel.as_deref(), Some("42"));
    }

    #[test]
    fn every_definition_is_a_pulse_command_and_settings_need_manage_server() {
        let definitions = definitions(COMMANDS);
        // All but /start, which Discord has no use for.
        assert_eq!(definitions.len(), COMMANDS.len() - 1);
        assert!(definitions.len() <= 100, "Discord's limit of commands");
        for definition in &definitions {
            let json = serde_json::to_value(definition).unwrap();
            let name = json["name"].as_str().unwrap();
            let spec = engine::command::find(COMMANDS, name).unwrap();
            // A choice's first value, and text where a sample is at hand.
            let options: Vec<(String, OptionValue)> = spec
                .arguments
                .iter()
                .filter_map(|argument| {
                    let value = match argument.kind {
                        ArgumentKind::Choice(values) => values.first()?.1,
                        ArgumentKind::Text => match argument.name {
                            "handle" => "shop",
                            "zone" => "UTC",
                            "question" => "reach?",
                            "comment" => "17865799348089039",
                            "name" => "price",
                            "text" => "Thanks!",
                            "when" => "tomorrow 6pm",
                            "post" => "p4k2x9m",
                            _ => return None,
                        },
                        _ => return None,
                    };
                    Some((argument.name.to_owned(), text(value)))
                })
                .collect();
            let parsed = engine::Command::parse(&command_text(COMMANDS, name, &options).0);
            assert!(parsed.is_ok(), "/{name}: {parsed:?}");
            if parsed
                .as_ref()
                .is_ok_and(|command| command.needs_chat_admin())
            {
                assert!(for_managers(spec), "/{name} is hidden from members");
            }
            let admin = json["default_member_permissions"].as_str() == Some("32");
            assert_eq!(admin, for_managers(spec), "/{name} permissions: {json}");
            assert!(json["description"].as_str().unwrap().len() <= 100);
        }
    }

    #[test]
    fn a_command_added_to_the_table_is_everywhere_on_every_platform() {
        // A test build's table: every command, and one more.
        let mut table = COMMANDS.to_vec();
        table.push(engine::command::Spec {
            name: "hello",
            aliases: &[],
            form: "[period]",
            summary: "Says hello",
            arguments: &[engine::command::Argument {
                name: "period",
                description: "Which period",
                kind: ArgumentKind::Period,
                required: false,
            }],
            who: Who::ChatAdmins,
            reveals: engine::command::Reveals::Nothing,
            slow: true,
            opens_the_chat: false,
            parse: |_, _| Ok(engine::Command::Help),
        });
        // Discord: a slash command for managers, with the period choices.
        let definition = definitions(&table)
            .into_iter()
            .map(|d| serde_json::to_value(d).unwrap())
            .find(|json| json["name"] == "hello")
            .expect("/hello is defined");
        assert_eq!(definition["default_member_permissions"], "32");
        assert_eq!(definition["options"][0]["choices"][0]["value"], "7d");
        // Used, it becomes the command text the engine parses by the same table.
        let (text, _) = command_text(&table, "hello", &[("period".into(), text("7d"))]);
        assert_eq!(text, "/hello 7d");
        let (_, spec) = engine::command::parse_in(&table, &text).unwrap();
        assert!(spec.slow && spec.needs_chat_admin(&engine::Command::Help));
        // Telegram: in the menu. /help: a line.
        assert!(crate::telegram::menu(&table)
            .iter()
            .any(|command| command.command == "hello" && command.description == "Says hello"));
        assert!(engine::command::help_lines(&table).contains("/hello [period]: Says hello"));
        // Not in the real table.
        assert!(definitions(COMMANDS)
            .iter()
            .all(|d| serde_json::to_value(d).unwrap()["name"] != "hello"));
    }
}
