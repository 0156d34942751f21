"""Every sentence the bot says in English, by key (the same keys as `fr.py`).

One catalogue for the language, so that a translator or a proofreader reads one file: it is
long (over 400 lines) because the bot says many things, and each entry is one sentence.
"""

EN: dict[str, str] = {
    # --- the bot, its commands, campaigns, reports, reminders
    "welcome": (
        "Hello! I am **Harmonie**, {organisation}'s assistant for reviewing our remote-work "
        "and collaboration tools.\nType **!help** to see what I can do."
    ),
    "help.title": "**Available commands**",
    "help.footer": "Commands can be typed in lower or upper case.",
    "help.section.agent": "For every agent",
    "help.section.manager": "For managers",
    "help.section.admin": "For administrators",
    "cmd.aide": "shows this help",
    "unknown_command": (
        "I do not know the command **{command}**.{suggestion}\n"
        "Type **!help** for the list of commands."
    ),
    "unknown_command.suggestion": " Did you mean **{suggestion}**?",
    "not_allowed": (
        "Sorry, the command **{command}** is for {role_plural} only. "
        "Type **!help** to see the commands open to you."
    ),
    "wrong_room": (
        "The command **{command}** is only available in a private conversation with me or in "
        "the managers' room."
    ),
    "role.manager.plural": "managers",
    "role.admin.plural": "administrators",
    "undecryptable": (
        "I could not read your last message: it is encrypted with a key I did not "
        "receive. Could you send it again? Thank you!"
    ),
    "storage_unavailable": (
        "Sorry, I cannot save your message right now. Nothing is lost: I will handle it "
        "myself in a few minutes, no need to send it again. Please wait before writing "
        "what comes next."
    ),
    "internal_error": (
        "Sorry, a technical problem prevents me from handling your message. The IT team "
        "has been told; please try again later. If you contact them, give them this "
        "reference: {reference}."
    ),
    "edit_ignored": (
        "I do not take edited messages into account: your original answer is kept. To "
        "correct it, type **back** during the evaluation, or **!modifier** followed by "
        "the category."
    ),
    "attachment_unreadable": (
        "I can only read written messages: I cannot open files, images or voice "
        "messages. Please answer me in writing."
    ),
    "cmd.evaluer": "starts or resumes the evaluation of your tools",
    "cmd.mesreponses": "shows your answers",
    "cmd.modifier": "corrects your answers for one category",
    "cmd.langue": "changes the language of my messages",
    "cmd.campagne": "opens, closes or follows an evaluation campaign",
    "cmd.rapport": "a campaign's report: ranking, gaps, problems, files",
    "report.no_campaign": "No campaign has been opened yet: there is no report.",
    "report.unknown_campaign": "I do not know campaign no. {value}.",
    "report.campaigns": "Campaigns: {campaigns}.",
    "report.campaign_item": "no. {id} “{title}” ({state})",
    "report.unknown_category": "I do not know the category “{value}”. Categories: {choices}.",
    "report.unknown_service": "I do not know the department “{value}”. Departments: {choices}.",
    "report.title": "Report — campaign no. {id} “{title}”{scope}",
    "report.choice.title": "Choosing the suite — trial no. {id}",
    "report.choice.title_no_trial": "Choosing the suite — before any trial",
    "report.choice.usage": "Usage: !report choice [csv | ods | chart]",
    "report.choice.no_trial": (
        "No trial yet: the suites are compared on the facts only. To have the pilot group "
        "try them: !trial open <suite>, <suite>."
    ),
    "report.choice.waiting": (
        "Trial no. {id} under way: the pilots' opinions will be shown when it closes "
        "(published as answers come in, two successive reports would show one person's "
        "answer). Until then, the suites are compared on the facts."
    ),
    "report.choice.purged": (
        "The answers of trial no. {id} were erased on {date} (retention period): the suites "
        "are compared on the facts only."
    ),
    "report.choice.needs_unknown": (
        "No evaluation with published results: every category counts as a need."
    ),
    "report.choice.agents_unknown": (
        "Number of agents unknown: yearly costs are given for one agent."
    ),
    "report.scope.category": " — {category}",
    "report.scope.service": " — department {service}",
    "report.file": "Here is the file {filename}.",
    "language.changed": "Noted: I will write to you in English from now on.",
    "language.invalid": "Type **!language fr** or **!language en**.",
    # --- the pilot trial, for admins (!trial), its invitation, questions and reminders
    "cmd.essai": "opens, follows or closes the pilot group's trial of the candidate suites",
    "trial.admin.usage": (
        "Usage: **!trial open <suite>, <suite> [until <date>]** (for instance "
        "**!trial open alpha, beta until 2027-03-31**), **!trial status** or **!trial close**."
    ),
    "trial.admin.no_catalogue": (
        "No catalogue of candidate suites is configured: give its file in the **[choice]** "
        "section of the configuration, key **catalogue** (in the format of "
        "suites.example.toml), then restart the bot."
    ),
    "trial.admin.no_pilots": (
        "No pilot group is configured: in the **[choice]** section of the configuration, name "
        "the pilots with the key **pilots** (their Matrix IDs) or **pilots_room** (a room "
        "whose members are the pilots), then restart the bot."
    ),
    "trial.admin.empty_room": (
        "I see no member in the pilots' room (key **pilots_room** of the **[choice]** "
        "section): check that I am in it and that the pilots joined it, or name them with "
        "the key **pilots**."
    ),
    "trial.admin.already_open": (
        "Trial no. {id} ({suites}) is already open. Close it first with **!trial close**."
    ),
    "trial.admin.bad_date": (
        "I did not understand the end date: put it at the end, for instance "
        "**!trial open alpha, beta until 2027-03-31** (or **until 31/03**, day first)."
    ),
    "trial.admin.past_date": "The trial's end date cannot be in the past ({date}).",
    "trial.admin.unknown_suite": ("I do not know the suite “{value}”: I did not open the trial."),
    "trial.admin.suggestion": "Did you mean **{suite}**?",
    "trial.admin.catalogue": "Suites in the catalogue: {keys}.",
    "trial.admin.opened": (
        "Trial no. {id} is open: {suites}. {count:pilot|pilots} will be invited, about one "
        "per second."
    ),
    "trial.admin.opened.end": (
        "It ends on {date}: the questions go out on {ask}, in working hours, followed by "
        "reminders as for a campaign."
    ),
    "trial.admin.opened.no_end": (
        "No end date: each pilot answers the questions by writing to me once they have "
        "tried the suites."
    ),
    "trial.admin.opened.needs": (
        "The questions are about the needs found by campaign no. {campaign} “{title}”: "
        "{categories}."
    ),
    "trial.admin.opened.every_category": (
        "No closed campaign gives the needs: the questions are about every category each "
        "suite covers."
    ),
    "trial.admin.opened.nothing_to_rate": (
        "Note: {suite} covers none of these needs, the pilots can only comment on it."
    ),
    "trial.admin.opened.follow": "Follow it with **!trial status**.",
    "trial.admin.none": "No trial has been opened yet.",
    "trial.admin.nothing_open": "No trial is open.",
    "trial.admin.status": (
        "**Trial no. {id}** ({state}): {suites}\n"
        "{pilots:pilot|pilots}, {invited:invited|invited}: {started:has|have} started "
        "answering, {finished:has|have} finished.\n{end}"
    ),
    "trial.admin.status.open": "open",
    "trial.admin.status.closed": "closed",
    "trial.admin.status.end": "The trial ends on {date}.",
    "trial.admin.status.no_end": "No end date.",
    "trial.admin.closed": (
        "Trial no. {id} closed ({suites}): {finished:pilot|pilots} of {pilots} finished. "
        "The report and the recommendation: **!report choix**."
    ),
    "trial.admin.invitation.where": "Where and how to try them:",
    "trial.admin.invitation.suite": "• **{suite}**: {access}",
    "trial.admin.invitation.suite_no_access": (
        "• **{suite}**: your IT department will tell you how to get access"
    ),
    "trial.admin.invitation.end": (
        "A few days before the trial ends, on {ask}, I will write to you here with my "
        "questions about each one."
    ),
    "trial.admin.invitation.no_end": (
        "Once you have tried them, write to me here: I will then ask you my questions about "
        "each one."
    ),
    "trial.admin.ask": (
        "The trial of the suites ends on {date}: here are my questions about each one, one "
        "after the other. Answer as in the evaluation; **skip** if you could not try it, "
        "**pause** to carry on later."
    ),
    "trial.admin.reminder": (
        "A short reminder: your answers about the trial of the suites are not finished "
        "({done}/{total} suites).{deadline} Here is where we were.\n"
        "(**!reminders off** to stop reminders, **!away until YYYY-MM-DD** while away.)"
    ),
    "trial.admin.reminder.deadline": " The trial ends on {date}.",
    "trial.admin.reminder.paused": (
        "A short reminder: your answers about the trial of the suites are paused "
        "({done}/{total} suites).{deadline} Write me any message to carry on where you were.\n"
        "(**!reminders off** to stop reminders, **!away until YYYY-MM-DD** while away.)"
    ),
    "campaign.none": "No evaluation is open at the moment: I will write as soon as one starts.",
    "campaign.start_hint": "An evaluation of our tools is open. Type **!evaluate** to begin.",
    "campaign.closed": (
        "The campaign “{title}” is closed: answers can no longer be changed. Thank you!"
    ),
    "campaign.invitation": (
        "Hello! {organisation} is reviewing its collaboration tools: “{title}”.{deadline}"
    ),
    "campaign.deadline": " You have until {date} to answer.",
    "campaign.opened": (
        "Campaign no. {id} “{title}” is open.{deadline} {count:agent|agents} will be "
        "invited, about one per second. Follow it with **!campaign status**."
    ),
    "campaign.already_open": (
        "Campaign no. {id} “{title}” is already open. Close it first with **!campaign close**."
    ),
    "campaign.usage": (
        "Usage: **!campaign open <title> [until <date>]** (for instance **!campaign open "
        "Tools 2027 until 2027-01-31**), **!campaign close** or **!campaign status**."
    ),
    "campaign.bad_date": (
        "I did not understand the closing date: put it at the end, for instance "
        "**!campaign open Tools 2027 until 2027-01-31** (or **until 31/01**, day first)."
    ),
    "campaign.past_date": "The closing date cannot be in the past ({date}).",
    "campaign.no_title": "Give the campaign a title: **!campaign open Tools 2027**.",
    "campaign.nothing_open": "No campaign is open.",
    "campaign.closed_now": (
        "Campaign no. {id} “{title}” closed: {finished:evaluation|evaluations} finished "
        "out of {invited:agent|agents} invited."
    ),
    "campaign.status": (
        "**Campaign no. {id} “{title}”** ({state})\n"
        "{invited:agent|agents} invited: {started} started, {finished} finished.\n{services}"
    ),
    "campaign.status.open": "open",
    "count.fewer": "fewer than {threshold}",
    "campaign.status.closed": "closed",
    "campaign.status.service": (
        "• {service}: {invited} invited, {started} started, {finished} finished"
    ),
    "campaign.status.small": "• {service}: fewer than {threshold:person|people}",
    "campaign.status.masked": (
        "• {service}: withheld, so that a small department cannot be deduced from the total"
    ),
    "campaign.status.no_service": "department not given",
    "answers.none": "You have not answered any evaluation yet.",
    "answers.title": "**Your answers — {title}**",
    "modify.not_open": "No campaign is open: answers can no longer be changed.",
    "modify.not_started": "You have not started yet: type **!evaluate**.",
    "modify.which": "Which category? Type **!modifier** followed by its number or name:\n{choices}",
    "cmd.relances": "turns my reminders on or off",
    "cmd.absent": "pauses my reminders while you are away",
    "reminder": (
        "A short reminder: your evaluation “{title}” is not finished ({done}/{total} "
        "categories).{deadline} Type **!evaluate** to carry on where you were: a few minutes "
        "are enough.\n"
        "(**!reminders off** to stop reminders, **!away until YYYY-MM-DD** while away.)"
    ),
    "reminders.off": "Noted: I will not send you reminders any more.",
    "reminders.on": "Noted: I will remind you of the evaluation if it is not finished.",
    "reminders.usage": (
        "Type **!reminders off** to stop reminders, **!reminders on** to resume them."
    ),
    "absent.noted": "Have a good time away! No reminder until {date} included.",
    "absent.cleared": "Noted: you are no longer marked as away.",
    "absent.usage": (
        "Type **!away until** and the last day of your absence (for instance **!away until "
        "2027-01-15**, or **!away until 15/01**, day first), or **!away back** when you are back."
    ),
    "absent.past": (
        "{date} has already passed: give the last day of your absence, for instance "
        "**!away until 2027-01-15**."
    ),
    "date.impossible": (
        "There is no {day}: check the day and the month (day first, for instance "
        "**15/01/2027**, or **2027-01-15**)."
    ),
    "dialog.resumed": "Let us carry on where we left off.",
    "dialog.reask": (
        "You may be writing from a new device, which could not read my last messages: "
        "here is the current question. (**!privacy**: what I do with your answers.)"
    ),
    "dialog.pause": "Noted, your answers are saved. Resume whenever you like with **!evaluer**.",
    "dialog.paused": "Your evaluation is paused. Type **!evaluer** to resume it.",
    "dialog.done": (
        "**Thank you!** Your answers are saved. See them again with **!mesreponses** and "
        "correct a category with **!modifier** followed by its name while the campaign is open."
    ),
    "dialog.already_done": (
        "You have already finished the evaluation, thank you! To see your answers again: "
        "**!mesreponses**; to correct a category: **!modifier** followed by its name."
    ),
    "dialog.first_question": "This is the first question: there is nothing to go back to.",
    "dialog.ratings_noted": "Noted: {marks}.",
    "q.header": "**{number}/{total} — {category}**",
    "q.service": (
        "To begin with (optional): **which department do you work in?**\n{choices}\n"
        "Answer with the number, or **skip**."
    ),
    "q.tool.other": "other (give its name)",
    "q.tool.none": "none",
    "q.rating.fast": "Tip: all the ratings at once, in the order {criteria}: **{example}**",
    "q.need": "You use no tool of this kind. **Would one be useful to you?** (yes / no)",
    "q.need_why": "**Why?** A few words are enough (or **skip**).",
    "q.problem": "**What problem do you have with {tool}?** A few words, or **nothing**.",
    "q.confirm": (
        "**Summary of your answers**\n{summary}\n\n"
        "Is everything right? Type **confirm**. To correct: **back**, or **!modifier** "
        "followed by the name or number of the category."
    ),
    "summary.service": "Department: {service}",
    "summary.skipped": "skipped",
    "summary.need.yes": "no tool — one would be useful",
    "summary.need.no": "no tool — not needed",
    "summary.need.unknown": "no tool",
    "summary.problem": "problem: “{problem}”",
    "error.rating_range": "The rating must be between **0** and **10**.",
    "error.rating_integer": "Please give a whole number, without decimals (for instance **7**).",
    "error.yes_no": "Simply answer **yes** or **no**.",
    "error.choice_range": "This number is not in the list: choose between **1** and **{count}**.",
    "error.service": (
        "I cannot find this department. Answer with its number (1 to {count}), or **skip**."
    ),
    "error.other_needs_name": (
        "Give the name of the tool after “other”, for instance: **other Mattermost**."
    ),
    "error.tool": (
        "I cannot find this tool in the list. Answer with a number, the name of a tool in "
        "the list, **other** followed by the name of your tool, or **none**."
    ),
    "error.confirm": "Type **confirm** to save your answers, or **back** to the last question.",
    "error.cannot_skip": "This step cannot be skipped: type **confirm** or **back**.",
    "error.empty": "Your message is empty: write a few words, or **skip**.",
    "help.dialog": (
        "{step_help}\n"
        "Useful words: **back** (previous question), **skip** (skip the question), "
        "**pause** (resume later with !evaluer)."
    ),
    "help.step.service": "Give the number of your department in the list, or **skip**.",
    "help.step.need": "Answer **yes** if such a tool would help you, otherwise **no**.",
    "help.step.need_why": "Say in a few words what you would use it for, or **skip**.",
    "help.step.problem": "Describe the main difficulty with this tool, or type **nothing**.",
    "help.step.confirm": "Type **confirm** if the summary is right.",
    "help.step.done": "Your evaluation is finished.",
    # --- the rollout and its feedback surveys
    "cmd.deploiement": "creates or shows the rollout plan of the chosen suite",
    "cmd.etape": "marks a rollout step as done, or moves it",
    "cmd.formation": "adds a training session (agents are told the working day before)",
    "cmd.avis": "passes on a problem or an idea about the new tools, at any time",
    "step.1": "involve the managers (working group)",
    "step.2": "communicate",
    "step.3": "train the agents (half-day sessions)",
    "step.4": "launch concrete projects on the platform",
    "step.5": "collect the agents' feedback",
    "rollout.usage": (
        "Usage:\n"
        "• **!rollout new [suite] <date>**: creates the plan, the date being the "
        "launch day (for instance **!rollout new Suite Numérique 2027-03-15**); without a "
        "name, the suite retained with **!choice retain**;\n"
        "• **!rollout status**: shows the plan;\n"
        "• **!rollout cancel**: cancels the current plan."
    ),
    "rollout.admins_only": (
        "Sorry, only administrators can create or cancel a rollout plan. "
        "**!rollout status** shows you the current plan."
    ),
    "rollout.already": (
        "A rollout plan is already in progress: {suite}, launching on {start}. "
        "To replace it, cancel it first with **!rollout cancel**."
    ),
    "rollout.bad_date": (
        "I did not understand the launch date. Put it at the end, as YYYY-MM-DD, for "
        "instance **!rollout new Suite Numérique 2027-03-15**."
    ),
    "rollout.past_date": "The launch date cannot be in the past ({start}).",
    "rollout.no_suite": (
        "Give the suite's name before the date, for instance "
        "**!rollout new Suite Numérique 2027-03-15**, or retain one first with "
        "**!choice retain <suite>**: it will then be used by default."
    ),
    "rollout.retained_used": "It is the suite retained on {date} with **!choice retain**.",
    "rollout.retained_other": (
        "Note: the suite retained on {date} is {retained}; this plan rolls out {suite}, as "
        "you asked."
    ),
    "rollout.created": (
        "Rollout plan created: **{suite}**, launching on **{start}**.\n{steps}\n"
        "Owners will be reminded {days:working day|working days} before each step and on the "
        "day; a "
        "step not done by its date is reported to the administrators.\n"
        "Feedback surveys to the agents: {waves}."
    ),
    "rollout.none": (
        "No rollout plan is in progress. An administrator can create one with "
        "**!rollout new <suite> <date>**, for instance "
        "**!rollout new Suite Numérique 2027-03-15**."
    ),
    "rollout.status": (
        "**Rollout of {suite}** — launching on {start}\n{steps}\n\n"
        "**Training sessions**: {trainings}\n**Feedback surveys**: {waves}"
    ),
    "rollout.step_line": "{number}. {name} — {date} — {state} — owners: {owners}",
    "rollout.step.done": "✅ done on {date}",
    "rollout.step.todo": "to do",
    "rollout.step.late": "⚠️ late",
    "rollout.nobody": "nobody (to be configured)",
    "rollout.no_training": "none yet (for instance **!training 2027-03-16 14:00 council room**)",
    "rollout.training_line": "{date} at {time}{place}",
    "rollout.place": ", {place}",
    "rollout.wave_sent": "{date} (sent to {count:agent|agents})",
    "rollout.wave_planned": "{date}",
    "rollout.then_every": "then every {days:day|days}",
    "rollout.then_quarterly": "then every quarter",
    "rollout.cancelled": (
        "The rollout plan of {suite} is cancelled: no more reminders or surveys will be "
        "sent for it. The feedback already received stays in the report."
    ),
    # --- phase 2, "choose": !choice
    "cmd.choix": "the needs from the evaluation, the candidate suites compared, the suite retained",
    "choice.usage": (
        "Usage:\n"
        "• **!choice needs**: the needs from the evaluation, the bar a suite must clear;\n"
        "• **!choice compare**: the candidate suites against these needs;\n"
        "• **!choice retain <suite> [reason]**: records the suite retained (administrators)."
    ),
    "choice.no_catalogue": (
        "No catalogue of candidate suites is configured: phase 2, “choose”, is off. To "
        "turn it on, copy suites.example.toml to suites.toml, describe the suites you "
        "consider in it, then name that file in the configuration, section [choice]: "
        'catalogue = "suites.toml".'
    ),
    "choice.decision": "Suite retained on {date} by {who}: **{suite}**.{reason}",
    "choice.decision.reason": " Reason: “{reason}”.",
    "choice.decision.none": "No suite has been retained yet.",
    "choice.decision_line": "Suite retained on {date}: {suite}{reason}",
    "choice.decision_line.reason": " — reason: “{reason}”",
    "choice.needs.title": "Needs — campaign no. {id} “{title}”",
    "choice.needs.no_campaign": (
        "No evaluation campaign has been opened yet: the needs are read from its results. "
        "An administrator opens one with **!campaign open <title>**."
    ),
    "choice.needs.until_date": (
        "Campaign no. {id} “{title}” is under way: its results, and so the needs, will be "
        "shown when it closes, on {date}. Until then, **!report** shows the participation."
    ),
    "choice.needs.until_closed": (
        "Campaign no. {id} “{title}” is under way: its results, and so the needs, will be "
        "shown when an administrator closes it (**!campaign close**). Until then, "
        "**!report** shows the participation."
    ),
    "choice.needs.none": (
        "No need stands out from campaign no. {id} “{title}”: no tool in use nor judged "
        "necessary, or too few answers to tell (at least {threshold} per group are needed)."
    ),
    "choice.needs.bar": (
        "A candidate suite must cover every need, and do at least as well as today's tool "
        "on its weak points."
    ),
    "choice.needs.live": "The campaign is still open: these needs may change until it closes.",
    "choice.needs.next": "Compare the candidate suites with **!choice compare**.",
    "choice.compare.title": "Candidate suites — needs of campaign no. {id} “{title}”",
    "choice.compare.title_all": "Candidate suites — every category of the survey",
    "choice.compare.needs_unknown": (
        "Needs not known yet (see **!choice needs**): coverage is counted on every category "
        "of the survey."
    ),
    "choice.compare.next": (
        "An administrator records the suite retained with **!choice retain <suite> "
        "[reason]** (suites: {keys})."
    ),
    "choice.retain.admins_only": (
        "Sorry, only administrators can retain a suite: {admins}. **!choice compare** "
        "prepares their decision."
    ),
    "choice.retain.usage": (
        "Name the suite to retain, by its key or its name, then the reason if you wish: "
        "for instance **!choice retain {example} covers all our needs**. Suites of the "
        "catalogue: {keys}."
    ),
    "choice.retain.unknown": (
        "I do not know the suite “{value}”.{suggestion} Suites of the catalogue: {keys}."
    ),
    "choice.retain.suggestion": " Did you mean **{suggestion}**?",
    "choice.retain.done": (
        "Noted: **{suite}** is the suite retained.{reason}{earlier}\n"
        "Next step, the rollout: **!rollout new <date>** will use this suite by default."
    ),
    "choice.retain.reason": " Reason: “{reason}”.",
    "choice.retain.replaces": " It replaces {previous}, retained on {date}.",
    "choice.retain.again": " It already was since {date}.",
    "choice.retain.missing": (
        "⚠️ Beware: {suite} does not cover every need ({covered}/{needed}); missing: "
        "{categories}. Another tool will be needed for those."
    ),
    "step.usage": (
        "Usage: **!step <number> done** to mark a step as done, or "
        "**!step <number> date <date>** to move it (number from 1 to 5), for instance "
        "**!step 2 date 2027-03-15**."
    ),
    "step.not_owner": (
        "Sorry, only the owners of step {number} ({owners}) and the administrators can change it."
    ),
    "step.done": "Thank you! Step {number} “{name}” is marked as done.",
    "step.already_done": "Step {number} “{name}” was already marked as done.",
    "step.moved": (
        "Step {number} “{name}” is moved to **{date}**. Reminders will follow the new date."
    ),
    "step.bad_date": (
        "I did not understand the date: write it as **2027-03-15**, or day first as **15/03/2027**."
    ),
    "step.past_date": "The new date cannot be in the past.",
    "step.moved_to_working_day": " ({typed} is not a working day)",
    "training.usage": (
        "Usage: **!training <date> <time> [place]**, for instance "
        "**!training 2027-03-16 14:00 council room**."
    ),
    "training.not_allowed": (
        "Sorry, only the owners of step 3 (training) and the administrators can add a session."
    ),
    "training.past": "This session would be in the past: please check the date and time.",
    "time.impossible": "There is no {time}: write the time as **14:30**, or **14h30**.",
    "training.added": (
        "Training session added: **{date} at {time}**{place}. The agents will be told on "
        "{reminder}."
    ),
    "remind.owner": (
        "Reminder — rollout of **{suite}**: step {number} “{name}” is due **{when}**. You "
        "own it. Once done, type **!step {number} done**; to move it: "
        "**!step {number} date YYYY-MM-DD**."
    ),
    "remind.today": "today ({date})",
    "remind.on": "on {date}",
    "escalate": (
        "Rollout of **{suite}**: step {number} “{name}” was due on {date} and is not marked "
        "as done. Owners: {owners}.\n"
        "To mark it done: **!step {number} done**; to move it: "
        "**!step {number} date YYYY-MM-DD**."
    ),
    "training.reminder": (
        "Reminder: a training session on **{suite}** takes place on **{date} at {time}**"
        "{place}. Half a day to get to grips with the new tools: we are counting on you!"
    ),
    "missed": (
        "Harmonie was stopped when these scheduled messages were due; they are too old and "
        "were **not** sent:\n{items}\nYou may contact the people concerned yourself if needed."
    ),
    "missed.remind": "• reminder of step {number} to its owners (due on {date})",
    "missed.escalate": "• alert on late step {number} (due on {date})",
    "missed.training": "• reminder of the {training} training session to agents (due {date})",
    "missed.wave": "• feedback survey no. {number} to the agents (due on {date})",
    "feedback.intro": (
        "Hello! The rollout of **{suite}** started {days:day|days} ago. Your opinion helps us "
        "improve it: {count:quick rating|quick ratings} and one question, under a minute. Your "
        "answers are "
        "anonymous in the reports (**!privacy**)."
    ),
    "feedback.q.idea": (
        "**A problem or an idea to pass on about {suite}?** A few words, or **nothing**."
    ),
    "feedback.thanks": (
        "Thank you! Your feedback on {suite} is saved. At any time, **!feedback** followed by "
        "your message passes a problem or an idea on to me."
    ),
    "feedback.already_done": (
        "You have already answered this survey, thank you! To add something: **!feedback** "
        "followed by your message."
    ),
    "feedback.pause": (
        "Noted, your answers are kept. Carry on whenever you like by answering the last question."
    ),
    "feedback.help.rating": (
        "Give a whole rating from 0 (very poor) to 10 (excellent), **nsp** if you do not "
        "know, **skip** to leave it out, or all the ratings at once separated by spaces. "
        "**back** returns to the previous rating."
    ),
    "feedback.help.idea": (
        "Describe in a few words a problem you met or an idea for improvement, or type **nothing**."
    ),
    "feedback.help.done": "Your feedback is saved.",
    # --- the pilot trial's questionnaire (conversations/trial.py)
    "trial.intro": (
        "Hello! You are in the pilot group trying {count:candidate suite|candidate suites} "
        "before a collaborative suite is chosen: {suites}.{until}\n"
        "Try the modules of each one, then give me your opinion here: three ratings for each "
        "module you tried ({criteria}) and a comment on each suite."
    ),
    "trial.until": " The trial runs until {date}.",
    "trial.q.tried": (
        "**Which modules did you try?**\n{choices}\n"
        "Answer with the numbers or the names (for instance **{example}**), **all** or **none**."
    ),
    "trial.q.comment": (
        "**A comment on {suite}?** What you liked, what got in your way or was missing, in a "
        "few words, or **nothing**."
    ),
    "trial.tried_noted": "Noted: {categories}.",
    "trial.tried_none": "Noted: no module tried.",
    "trial.ratings_noted": "Noted for {module}: {marks}.",
    "trial.comment_noted": "Thank you, your opinion on {suite} is saved.",
    "trial.thanks": (
        "**Thank you!** Your answers about the trial are saved: they count towards choosing "
        "the suite."
    ),
    "trial.already_done": "You have already answered the trial's questionnaire, thank you!",
    "trial.pause": (
        "Noted, your answers are kept. Carry on whenever you like: send me any message."
    ),
    "trial.resumed": "Let us carry on with the trial's questionnaire where we left off.",
    "trial.now": "Thank you! Here are the trial's questions, one suite at a time:",
    "trial.help": (
        "{step_help}\n"
        "Useful words: **back** (previous question), **skip** (leave the question out), "
        "**pause** (carry on later)."
    ),
    "trial.help.tried": (
        "Say which modules you tried: their numbers (**1 3 4**, **1-3**) or their names, "
        "**all**, or **none** if you could not try this suite."
    ),
    "trial.help.rating": (
        "Give three ratings from 0 (very poor) to 10 (excellent), at once (**8 7 9**) or one "
        "at a time; half points are fine (7.5), **n/a** if you do not know.\n{scales}"
    ),
    "trial.help.scale": "• {criterion}: {scale}",
    "trial.help.comment": (
        "Write in a few words what you liked, what got in your way or was missing in {suite}, "
        "or **nothing** if you have nothing to add."
    ),
    "trial.error.tried": (
        "I did not understand which modules you tried. Answer with their numbers (for "
        "instance **1 3**), their names, **all** or **none**."
    ),
    "trial.error.tried_number": (
        "There is no module number {number}: choose between **1** and **{count}**."
    ),
    "trial.error.tried_unknown": (
        "I cannot find “{name}” among this suite's modules. Answer with their numbers or "
        "their names."
    ),
    "trial.error.tried_close": (
        "I cannot find “{name}”: did you mean **{close}**? Answer with the numbers or the "
        "names in the list."
    ),
    "trial.error.tried_ambiguous": "Several modules match “{name}”: answer with their numbers.",
    "trial.error.tried_mixed": (
        "“all” and “none” go on their own: answer **all**, **none**, or the modules you tried."
    ),
    "avis.usage": (
        "Write your message after the command, for instance: **!feedback the shared calendar "
        "does not show on my phone**.\n"
        "(To go back to the previous question of the evaluation, type **back**, without an "
        "exclamation mark.)"
    ),
    "avis.thanks": (
        "Thank you, your feedback is passed on to the rollout team. It will appear without "
        "your name in the reports."
    ),
    "report.rollout.title": "Feedback on {suite} — rollout launched on {start}",
    "report.rollout.usage": (
        "For the rollout feedback: **!report feedback**, or **!report feedback csv** / "
        "**!report feedback ods** for a file."
    ),
    "report.rollout.none": "No rollout plan has been created yet: there is no feedback to show.",
    # --- an agent's data
    "cmd.confidentialite": "what I do with your data, and your rights",
    "cmd.mesdonnees": "sends you all your data, in a file",
    "cmd.oublier": "erases your answers and comments (after confirmation)",
    "privacy.notice": (
        "🔒 **Your data**\n"
        "• **Why**: your answers help {organisation} choose safe and useful work tools.\n"
        "• **Who sees what**: managers only see overall results, never your answers with "
        "your name, and nothing for a group of fewer than {threshold:person|people}.\n"
        "• **How long**: your detailed answers are erased {days:day|days} after the campaign "
        "ends; only the overall report is kept.\n"
        "• **Data controller**: {controller}{contact}.\n"
        "• **Your rights**: **!mydata** sends you everything I keep about you; **!forget** "
        "erases it; **!privacy** shows this message."
    ),
    "privacy.contact": " — contact: {contact}",
    "privacy.export": (
        "Here is everything I keep about you, in a JSON file (readable with a text editor): "
        "your participations, your answers, your feedback and your preferences."
    ),
    "privacy.nothing": "I keep no data about you.",
    "privacy.forget_confirm": (
        "You are about to erase {what}. The reports will no longer count you (the overall "
        "results already published for a closed campaign, anonymous, stay as they are). "
        "This cannot be undone.\n"
        "To confirm, type **!forget confirm**."
    ),
    "privacy.forget_what": (
        "your answers to {campaigns:campaign|campaigns} ({answers:category|categories}), "
        "{feedback:feedback survey|feedback surveys}, {comments:comment|comments} and "
        "{trials:pilot trial|pilot trials}, and your preferences"
    ),
    "privacy.forgotten": (
        "Done: I erased your answers to {campaigns:campaign|campaigns} "
        "({answers:category|categories}), {feedback:feedback survey|feedback surveys}, "
        "{comments:comment|comments}, {trials:pilot trial|pilot trials} and your "
        "preferences. The "
        "reports no longer count you (the overall results already published for a closed "
        "campaign, anonymous, stay as they are). This room "
        "stays in your app: you may leave it if you wish."
    ),
    "privacy.forget_usage": "To erase your data, type **!forget**, then **!forget confirm**.",
    "answers.purged": (
        "Your answers to the campaign “{title}” were erased at the end of the planned "
        "retention period; only the anonymous overall report was kept."
    ),
    "report.purged": (
        "Report kept on {date}: this campaign's detailed answers were erased after "
        "{days:day|days}, as planned; only this overall report remains (no filter, no file)."
    ),
    # --- the evaluation dialog: questions, acknowledgements, readings offered back, refusals
    "dialog.notice": (
        "**Review of our collaboration tools**\n"
        "For each of the {count} kinds of tools, I will ask which ones you use (up to "
        "three), then four ratings from 0 to 10 for each. It takes about five minutes. "
        "**!mesreponses** shows your answers at any time.\n"
        "At any time: **back**, **skip**, **pause**, **help**."
    ),
    "dialog.greeting": "Hello! Here is where we are:",
    "dialog.thanks": "You are welcome! Here is where we are:",
    "dialog.english_hint": "You can talk to me in English: type **!langue en**.",
    "dialog.modify": "You are answering for the category **{category}**.",
    "dialog.modify_kept": (
        "You are correcting the category **{category}**. Your current answer stays saved "
        "until the new one is complete (**skip** keeps it as it is)."
    ),
    "dialog.modify_first": (
        "This is the first question of this correction. Your saved answer still stands: "
        "type **skip** to keep it as it is."
    ),
    "ack.noted": "Noted.",
    "answers.continue": "To carry on with the evaluation:",
    "ack.kept": "Your answer is kept as it was.",
    "ack.service": "Noted: department **{service}**.",
    "ack.no_service": "Noted: department not given.",
    "ack.tools": "Noted: {tools}.",
    "ack.no_tool": "Noted: no tool.",
    "ack.need_yes": "Such a tool would be useful to you.",
    "ack.need_no": "No need for such a tool.",
    "ack.need_unknown": "No opinion on the need.",
    "ack.why": "Reason: “{why}”.",
    "ack.ratings": "Ratings {of_tool}: {marks}.",
    "ack.rating": "Noted: {criterion} {mark}.",
    "ack.problem": "Problem: “{problem}”.",
    "ack.no_problem": "No problem reported.",
    "ack.remark_not_kept": (
        "(I only record the rating here: you can describe a problem right after the ratings.)"
    ),
    "ack.skipped": "Category skipped.",
    "offer.service": "Did you mean the department **{name}**? (yes / no)",
    "offer.spelling": "Did you mean **{names}**? (yes / no)",
    "offer.other": "**{names}** is not in my list: shall I record it as another tool? (yes / no)",
    "offer.refused": "All right.",
    "q.tool": (
        "**Which tools do you use?** (up to three)\n{choices}\n"
        "Answer with the numbers or the names (**{example}**); for a tool not in "
        "the list: **other** and its name."
    ),
    "q.tool.fast": (
        "Quicker: the tool and its four ratings in one message, for instance **{example}**, "
        "followed if need be by the problem you have with it. The ratings, in order:\n{scales}"
    ),
    "q.tool.fast_short": "Quicker: **{example}** (tool, ratings, any problem).",
    "q.other": "**Which other tool do you use?** Type its name.",
    "q.scale": "({scale})",
    "q.rating": (
        "{tool} — **{criterion}** ({number}/{count}): **your rating from 0 to 10?** "
        "(**n/a** if you do not know)"
    ),
    "summary.tool": "{tool}: {marks}",
    "summary.unanswered": "not answered yet",
    "error.rating": (
        "I did not understand this rating. Give a number from 0 to 10 (for instance **7**, "
        "**7/10** or **7.5**), **n/a** if you do not know, or all the ratings at once."
    ),
    "error.rating_half": "I keep whole or half points: **7** or **7.5**, for instance.",
    "error.rating_between": "Give one rating: **6.5** if you hesitate between 6 and 7, say.",
    "error.rating_sentence": (
        "I found no rating in your message. Give just a number from 0 to 10 (for instance "
        "**7**), or **n/a**."
    ),
    "error.rating_then_problem": (
        "Give just the rating here: I will ask about problems right after the ratings."
    ),
    "error.rating_missing_one": (
        "One rating is missing: {given} out of {count}. Give the {count} ratings in order, "
        "or one for the question asked."
    ),
    "error.rating_missing": (
        "{missing} ratings are missing: {given} out of {count}. Give the {count} ratings in "
        "order, or one for the question asked."
    ),
    "error.rating_too_many": "I read {given} ratings; {count} are needed, one per criterion.",
    "error.fast_no_tool": (
        "First say which tool you are rating, for instance **Teams 8 6 9 7**, or its number."
    ),
    "error.fast_missing": (
        "Some ratings are missing: {given} out of {count}. Type the tool followed by its "
        "{count} ratings (for instance **Teams 8 6 9 7**), or just its name."
    ),
    "error.fast_too_many": (
        "I read {given} ratings; {count} per tool are needed (for instance **Teams 8 6 9 7**)."
    ),
    "error.tool_ambiguous": "Which one: {choices}? Type the full name or its number.",
    "error.none_with_others": (
        "“none” cannot come with other tools: type **none** alone, or the tools you use."
    ),
    "error.too_many_tools": "Name {count} tools at most: the ones you use most for this.",
    "error.service_ambiguous": "Which one: {choices}? Answer with its number.",
    "error.problem_which": "Which one? Describe it in a few words.",
    "error.problem_is_rating": (
        "The ratings {of_tool} are saved ({marks}). Describe the problem here in a few words, "
        "or type **nothing**. To correct a rating: **back**."
    ),
    "help.step.tool": (
        "Give the numbers or names of the tools you use (three at most), **other** followed "
        "by the name of a tool not in the list, or **none**. Quicker: the tool and its "
        "ratings in one message (**Teams 8 6 9 7**)."
    ),
    "help.step.other": "Type the name of the tool you use, or **skip**.",
    "feedback.now": "A short survey about **{suite}** is waiting for you:",
    "feedback.postponed": (
        "(Your survey about **{suite}** will wait until the evaluation is finished or paused.)"
    ),
    "feedback.after_evaluation": (
        "Hello! A short survey about **{suite}** is waiting for you. I will ask it as soon as "
        "you have finished the evaluation in progress, or if you pause it (**pause**): one "
        "conversation at a time, so that your answers are not mixed up."
    ),
    "help.step.rating": (
        "Give a rating from 0 (very poor) to 10 (excellent), half points accepted (7.5), "
        "**n/a** if you do not know, or all the ratings at once separated by spaces."
    ),
    # --- the benchmark across the organisations of one structure (scoring/benchmark.py)
    "benchmark.staff.title": "Comparison of the municipalities — {structure}",
    "benchmark.staff.intro": (
        "{count:municipality has published results|municipalities have published results}. "
        "A score is compared only when at least {threshold} municipalities have it."
    ),
    "benchmark.staff.without": "No score compared here: {names}.",
    "benchmark.staff.withheld": (
        "“—”: score not compared, because fewer than {threshold} municipalities have it, or "
        "because the municipality does not have it (too few answers to keep them anonymous)."
    ),
    "benchmark.staff.too_few": (
        "{category}: not enough comparable municipalities ({count:municipality has a "
        "score|municipalities have a score}, at least {threshold} are needed)."
    ),
    "benchmark.staff.distribution": "{category} — distribution",
    "benchmark.staff.by_organisation": "{category} — by municipality",
    "benchmark.label.score": "Score",
    "benchmark.label.overall": "Overall score",
    "benchmark.label.organisations": "Municipalities",
    "benchmark.label.low_quartile": "Lower quartile",
    "benchmark.label.median": "Median",
    "benchmark.label.high_quartile": "Upper quartile",
    "benchmark.label.organisation": "Municipality",
    "benchmark.label.respondents": "Respondents",
    "benchmark.label.rank": "Rank",
    "benchmark.rank": "{rank} of {count}",
    "benchmark.organisation.title": "Your municipality among comparable ones — {name}",
    "benchmark.organisation.intro": (
        "Each score of your municipality is placed among those of the other municipalities "
        "that have published their results, without naming any of them or giving their "
        "scores, and only against at least {threshold} other municipalities."
    ),
    "benchmark.organisation.no_results": (
        "Your municipality has no published results yet: there is nothing to compare."
    ),
    "benchmark.organisation.compared": (
        "{label}: {score}/10, above {share} of comparable municipalities "
        "({count:municipality|municipalities})"
    ),
    "benchmark.organisation.top": (
        "{label}: {score}/10, above all comparable municipalities "
        "({count:municipality|municipalities})"
    ),
    "benchmark.organisation.bottom": (
        "{label}: {score}/10, at the lowest level of comparable municipalities "
        "({count:municipality|municipalities})"
    ),
    "benchmark.organisation.too_few": (
        "{label}: {score}/10, not enough comparable municipalities (at least {threshold} are "
        "needed)"
    ),
    "benchmark.organisation.no_score": (
        "{label}: no score for your municipality (too few answers to keep them anonymous)"
    ),
    "benchmark.organisation.lowest": "Where your municipality is furthest behind",
    "benchmark.organisation.lowest_none": (
        "On no compared criterion is your municipality in the lower half of comparable "
        "municipalities."
    ),
    # --- a structure serving several organisations: whose message it is (bot/tenants.py)
    "tenant.unknown": (
        "Hello! I am **Harmonie**, {organisation}'s assistant for the remote-work and "
        "collaboration tools of the municipalities it serves. I cannot tell which "
        "municipality you belong to: ask your municipality's Harmonie administrator to add "
        "you to its list."
    ),
    "tenant.ambiguous": (
        "You are among the agents of several municipalities ({organisations}): I cannot tell "
        "which one you answer for. Ask your municipality's Harmonie administrator to add you "
        "to its list: that one will count."
    ),
    "structure.welcome": (
        "Hello! You are on {organisation}'s staff. Type **!report comparison** to compare the "
        "municipalities that have published results, or **!report comparison <category>** "
        "for one category."
    ),
    "structure.no_scores": "No municipality has published results yet: nothing to compare.",
    # --- !report comparison (bot/handlers/comparison.py, bot/handlers/structure.py)
    "report.comparison.alone": (
        "This Harmonie installation serves one organisation only, {organisation}: there is "
        "no other to compare it with. Comparison is possible when one structure (a "
        "management centre, an intercommunality) serves several municipalities with the "
        "same installation."
    ),
    "benchmark.staff.rows": "{first} to {last} of {count}",
}
