
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'chatctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'chatctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'chatctl' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a chatd server and remember it as a named context')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the login session: revoke its refresh token and forget the tokens')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the credentials in use belong to')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the server''s version, health, readiness and what it holds')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'List and switch between named logins')
            [CompletionResult]::new('widget', 'widget', [CompletionResultType]::ParameterValue, 'Manage widgets: one per website that embeds the chat')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users (admins and agents)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage API tokens for scripts and CI')
            [CompletionResult]::new('canned', 'canned', [CompletionResultType]::ParameterValue, 'Manage canned replies: saved answers agents insert by their shortcut')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Manage webhooks: URLs chatd POSTs events to, signed with a secret of each hook''s own; see their deliveries, replay one, or check a signature. Needs the admin role (`verify` needs no server)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Block visitors from a widget, list blocks and lift them')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log: who changed what, when and from where. Needs the admin role')
            [CompletionResult]::new('visitor', 'visitor', [CompletionResultType]::ParameterValue, 'Answer access and erasure requests: export or forget everything stored about one visitor. Needs the admin role')
            [CompletionResult]::new('conversation', 'conversation', [CompletionResultType]::ParameterValue, 'List, read, export and close conversations')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'List the conversations waiting for a person, first in line first')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Report on conversations: volumes, waits, first response and handle times, and CSAT, per day, widget or agent')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose a deployment end to end, the way visitors and agents reach it')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the server match a file of widgets (with their FAQ and members), users and canned replies')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the server''s widgets (with their FAQ and members), users and canned replies in the format `apply` reads')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;login' {
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email address of the account')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;logout' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;whoami' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;status' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;context' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the named logins; `*` marks the current one')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a context the current one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;context;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;context;use' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;context;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the named logins; `*` marks the current one')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a context the current one')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;context;help;list' {
            break
        }
        'chatctl;context;help;use' {
            break
        }
        'chatctl;context;help;help' {
            break
        }
        'chatctl;widget' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a widget with a fresh site key')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List widgets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a widget and all its settings')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a widget''s settings; only the ones given change')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a widget')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Give a widget a new site key; the old one stops working at once')
            [CompletionResult]::new('snippet', 'snippet', [CompletionResultType]::ParameterValue, 'Print the HTML that embeds a widget on a page')
            [CompletionResult]::new('faq', 'faq', [CompletionResultType]::ParameterValue, 'Manage the questions the assistant answers without a model')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Choose the agents who work on a widget')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;widget;create' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Header title shown to visitors')
            [CompletionResult]::new('--welcome', '--welcome', [CompletionResultType]::ParameterName, 'First message a visitor sees')
            [CompletionResult]::new('--offline-message', '--offline-message', [CompletionResultType]::ParameterName, 'Shown when no agent is online')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Origin allowed to embed the widget (https://example.com, or *); repeat for several. Replaces the whole list')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Primary color (#rrggbb): launcher, header, visitor bubbles')
            [CompletionResult]::new('--text-color', '--text-color', [CompletionResultType]::ParameterName, 'Color of text on the primary color (#rrggbb)')
            [CompletionResult]::new('--position', '--position', [CompletionResultType]::ParameterName, 'Where the launcher sits')
            [CompletionResult]::new('--ai', '--ai', [CompletionResultType]::ParameterName, 'Whether the AI assistant answers first')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'AI model name at the provider ("" for the server''s default)')
            [CompletionResult]::new('--ai-prompt', '--ai-prompt', [CompletionResultType]::ParameterName, 'AI system prompt ("" for the server''s default)')
            [CompletionResult]::new('--ai-temperature', '--ai-temperature', [CompletionResultType]::ParameterName, 'AI sampling temperature, 0 to 2')
            [CompletionResult]::new('--retention-days', '--retention-days', [CompletionResultType]::ParameterName, 'Delete closed conversations idle for more than this many days (0: keep them forever, the default)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;update' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'New name')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'Header title shown to visitors')
            [CompletionResult]::new('--welcome', '--welcome', [CompletionResultType]::ParameterName, 'First message a visitor sees')
            [CompletionResult]::new('--offline-message', '--offline-message', [CompletionResultType]::ParameterName, 'Shown when no agent is online')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Origin allowed to embed the widget (https://example.com, or *); repeat for several. Replaces the whole list')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Primary color (#rrggbb): launcher, header, visitor bubbles')
            [CompletionResult]::new('--text-color', '--text-color', [CompletionResultType]::ParameterName, 'Color of text on the primary color (#rrggbb)')
            [CompletionResult]::new('--position', '--position', [CompletionResultType]::ParameterName, 'Where the launcher sits')
            [CompletionResult]::new('--ai', '--ai', [CompletionResultType]::ParameterName, 'Whether the AI assistant answers first')
            [CompletionResult]::new('--ai-model', '--ai-model', [CompletionResultType]::ParameterName, 'AI model name at the provider ("" for the server''s default)')
            [CompletionResult]::new('--ai-prompt', '--ai-prompt', [CompletionResultType]::ParameterName, 'AI system prompt ("" for the server''s default)')
            [CompletionResult]::new('--ai-temperature', '--ai-temperature', [CompletionResultType]::ParameterName, 'AI sampling temperature, 0 to 2')
            [CompletionResult]::new('--retention-days', '--retention-days', [CompletionResultType]::ParameterName, 'Delete closed conversations idle for more than this many days (0: keep them forever, the default)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--no-origins', '--no-origins', [CompletionResultType]::ParameterName, 'Remove every allowed origin (only chatd''s own /demo page may embed it then)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;rotate-key' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;snippet' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;faq' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a question and its answer at the end of the FAQ')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the FAQ with the numbers `remove` takes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an entry by its number in `faq list` (from 1)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;widget;faq;add' {
            [CompletionResult]::new('--question', '--question', [CompletionResultType]::ParameterName, 'The question, as a visitor might ask it')
            [CompletionResult]::new('--answer', '--answer', [CompletionResultType]::ParameterName, 'The answer')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;faq;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;faq;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;faq;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a question and its answer at the end of the FAQ')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the FAQ with the numbers `remove` takes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an entry by its number in `faq list` (from 1)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;widget;faq;help;add' {
            break
        }
        'chatctl;widget;faq;help;list' {
            break
        }
        'chatctl;widget;faq;help;remove' {
            break
        }
        'chatctl;widget;faq;help;help' {
            break
        }
        'chatctl;widget;member' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a user a member of a widget (nothing changes if they are one)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user from a widget''s members')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a widget''s members')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;widget;member;add' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;member;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;member;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;widget;member;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a user a member of a widget (nothing changes if they are one)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user from a widget''s members')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a widget''s members')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;widget;member;help;add' {
            break
        }
        'chatctl;widget;member;help;remove' {
            break
        }
        'chatctl;widget;member;help;list' {
            break
        }
        'chatctl;widget;member;help;help' {
            break
        }
        'chatctl;widget;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a widget with a fresh site key')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List widgets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a widget and all its settings')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a widget''s settings; only the ones given change')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a widget')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Give a widget a new site key; the old one stops working at once')
            [CompletionResult]::new('snippet', 'snippet', [CompletionResultType]::ParameterValue, 'Print the HTML that embeds a widget on a page')
            [CompletionResult]::new('faq', 'faq', [CompletionResultType]::ParameterValue, 'Manage the questions the assistant answers without a model')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Choose the agents who work on a widget')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;widget;help;create' {
            break
        }
        'chatctl;widget;help;list' {
            break
        }
        'chatctl;widget;help;show' {
            break
        }
        'chatctl;widget;help;update' {
            break
        }
        'chatctl;widget;help;delete' {
            break
        }
        'chatctl;widget;help;rotate-key' {
            break
        }
        'chatctl;widget;help;snippet' {
            break
        }
        'chatctl;widget;help;faq' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a question and its answer at the end of the FAQ')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the FAQ with the numbers `remove` takes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an entry by its number in `faq list` (from 1)')
            break
        }
        'chatctl;widget;help;faq;add' {
            break
        }
        'chatctl;widget;help;faq;list' {
            break
        }
        'chatctl;widget;help;faq;remove' {
            break
        }
        'chatctl;widget;help;member' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a user a member of a widget (nothing changes if they are one)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user from a widget''s members')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a widget''s members')
            break
        }
        'chatctl;widget;help;member;add' {
            break
        }
        'chatctl;widget;help;member;remove' {
            break
        }
        'chatctl;widget;help;member;list' {
            break
        }
        'chatctl;widget;help;help' {
            break
        }
        'chatctl;user' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user. Prints a generated password unless one is given on stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a user')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable a user: they cannot log in and their tokens stop working')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable a disabled user')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Change a user''s role')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password (generated unless given on stdin) and end the user''s sessions')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user, their sessions and API tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;user;add' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Display name [default: the part of the email before @]')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;disable' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;enable' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;set-role' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;reset-password' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password from the first line of standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;delete' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;user;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user. Prints a generated password unless one is given on stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a user')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable a user: they cannot log in and their tokens stop working')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable a disabled user')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Change a user''s role')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password (generated unless given on stdin) and end the user''s sessions')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user, their sessions and API tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;user;help;add' {
            break
        }
        'chatctl;user;help;list' {
            break
        }
        'chatctl;user;help;show' {
            break
        }
        'chatctl;user;help;disable' {
            break
        }
        'chatctl;user;help;enable' {
            break
        }
        'chatctl;user;help;set-role' {
            break
        }
        'chatctl;user;help;reset-password' {
            break
        }
        'chatctl;user;help;delete' {
            break
        }
        'chatctl;user;help;help' {
            break
        }
        'chatctl;token' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an API token acting as you; prints its secret once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List API tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an API token; it stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;token;create' {
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Role the token acts with [default: yours]')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Lifetime in seconds [default: until revoked]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;token;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;token;revoke' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an API token acting as you; prints its secret once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List API tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an API token; it stops working at once')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;token;help;create' {
            break
        }
        'chatctl;token;help;list' {
            break
        }
        'chatctl;token;help;revoke' {
            break
        }
        'chatctl;token;help;help' {
            break
        }
        'chatctl;canned' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a canned reply')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List canned replies, by shortcut')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a canned reply and its whole text')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a canned reply; only what is given changes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a canned reply')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;canned;add' {
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'What it is about, for lists (at most 200 characters)')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The text agents insert (at most 4000 characters)')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the text from a file (`-`: standard input), e.g. for several lines')
            [CompletionResult]::new('--widget', '--widget', [CompletionResultType]::ParameterName, 'Offer it on this widget only (ID or name) [default: every widget]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;canned;list' {
            [CompletionResult]::new('--widget', '--widget', [CompletionResultType]::ParameterName, 'Only those offered on this widget (ID or name): its own and the ones for every widget')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;canned;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;canned;update' {
            [CompletionResult]::new('--shortcut', '--shortcut', [CompletionResultType]::ParameterName, 'New shortcut')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'New title')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'The text agents insert (at most 4000 characters)')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'Read the text from a file (`-`: standard input), e.g. for several lines')
            [CompletionResult]::new('--widget', '--widget', [CompletionResultType]::ParameterName, 'Offer it on this widget only (ID or name)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--all-widgets', '--all-widgets', [CompletionResultType]::ParameterName, 'Offer it on every widget')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;canned;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;canned;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a canned reply')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List canned replies, by shortcut')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a canned reply and its whole text')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a canned reply; only what is given changes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a canned reply')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;canned;help;add' {
            break
        }
        'chatctl;canned;help;list' {
            break
        }
        'chatctl;canned;help;show' {
            break
        }
        'chatctl;canned;help;update' {
            break
        }
        'chatctl;canned;help;remove' {
            break
        }
        'chatctl;canned;help;help' {
            break
        }
        'chatctl;webhook' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a URL for some events; prints the signing secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the webhooks (without their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries, pending ones included')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a `ping` event to a webhook now (whatever it subscribes to) and wait up to 15 s for its outcome')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List deliveries, newest first: their status, attempts and last error')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send a delivery again: the same delivery ID and body, a fresh signature and a fresh set of attempts')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, as a receiver must: for people writing receivers, and for debugging one. Needs no server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;webhook;add' {
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'An event to send there; repeat it for several')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;test' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;deliveries' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only those in this status: pending, delivered or failed')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (1 to 500)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;replay' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;verify' {
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook''s signing secret (whsec_...)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'The Chatd-Signature header value (t=...,v1=...)')
            [CompletionResult]::new('--body-file', '--body-file', [CompletionResultType]::ParameterName, 'The request body exactly as received (`-`: standard input)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Seconds the signature''s timestamp may be away from now')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Check as if now were this Unix time (for a saved delivery)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;webhook;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a URL for some events; prints the signing secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the webhooks (without their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries, pending ones included')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a `ping` event to a webhook now (whatever it subscribes to) and wait up to 15 s for its outcome')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List deliveries, newest first: their status, attempts and last error')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send a delivery again: the same delivery ID and body, a fresh signature and a fresh set of attempts')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, as a receiver must: for people writing receivers, and for debugging one. Needs no server')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;webhook;help;add' {
            break
        }
        'chatctl;webhook;help;list' {
            break
        }
        'chatctl;webhook;help;remove' {
            break
        }
        'chatctl;webhook;help;test' {
            break
        }
        'chatctl;webhook;help;deliveries' {
            break
        }
        'chatctl;webhook;help;replay' {
            break
        }
        'chatctl;webhook;help;verify' {
            break
        }
        'chatctl;webhook;help;help' {
            break
        }
        'chatctl;block' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Block the visitor of a conversation on its widget; their open conversations there are closed and their connections end')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List blocks, newest first (an agent: those of their widgets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Lift a block')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;block;add' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for other agents (at most 500 characters)')
            [CompletionResult]::new('--hours', '--hours', [CompletionResultType]::ParameterName, 'Lift the block after this many hours [default: never]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Also block the address the visitor started from: everyone from it is refused on the widget')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;block;list' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;block;remove' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;block;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Block the visitor of a conversation on its widget; their open conversations there are closed and their connections end')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List blocks, newest first (an agent: those of their widgets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Lift a block')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;block;help;add' {
            break
        }
        'chatctl;block;help;list' {
            break
        }
        'chatctl;block;help;remove' {
            break
        }
        'chatctl;block;help;help' {
            break
        }
        'chatctl;audit' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only entries at or after this time: a date (2026-01-31), a time (RFC 3339), or 7d, 12h, 30m ago')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only this action (widget.create), or every action under a prefix ending in a dot (widget.)')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only this actor: a user''s email or ID')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many, newest first (1 to 1000)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;visitor' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write everything stored about a visitor as JSON: their conversations with every message, and blocks naming them')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Delete every conversation and message of a visitor, for good. Blocks naming them stay (`chatctl block remove` lifts one)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;visitor;export' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write to this file (it must not exist) instead of standard output')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write to this file (it must not exist) instead of standard output')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;visitor;forget' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation (needed when not at a terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;visitor;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write everything stored about a visitor as JSON: their conversations with every message, and blocks naming them')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Delete every conversation and message of a visitor, for good. Blocks naming them stay (`chatctl block remove` lifts one)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;visitor;help;export' {
            break
        }
        'chatctl;visitor;help;forget' {
            break
        }
        'chatctl;visitor;help;help' {
            break
        }
        'chatctl;conversation' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List conversations, most recently updated first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a conversation: its details and the whole transcript')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a conversation''s whole transcript as JSON, CSV or Markdown')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a conversation (a new visitor message opens it again)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;conversation;list' {
            [CompletionResult]::new('--widget', '--widget', [CompletionResultType]::ParameterName, 'Only this widget (ID or name)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only open or only closed conversations')
            [CompletionResult]::new('--phase', '--phase', [CompletionResultType]::ParameterName, 'Only those with the AI, waiting in the queue, or with an agent')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only those assigned to this agent (email or ID)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only those started at or after this time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only those started at or before this time (a date: by its end)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many; 0 for all')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;conversation;show' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;conversation;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Transcript format [default: from the file''s extension (.json, .csv, .md); else json with --output json, else markdown]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;conversation;close' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;conversation;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List conversations, most recently updated first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a conversation: its details and the whole transcript')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a conversation''s whole transcript as JSON, CSV or Markdown')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a conversation (a new visitor message opens it again)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;conversation;help;list' {
            break
        }
        'chatctl;conversation;help;show' {
            break
        }
        'chatctl;conversation;help;export' {
            break
        }
        'chatctl;conversation;help;close' {
            break
        }
        'chatctl;conversation;help;help' {
            break
        }
        'chatctl;queue' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;stats' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Only conversations started at or after this time [default: 30 days before --to]')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only conversations started before this time (a date: by its end) [default: now]')
            [CompletionResult]::new('--widget', '--widget', [CompletionResultType]::ParameterName, 'Only this widget (ID or name)')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'One row per day (UTC), per widget, per agent (the last one to handle the conversation), or the totals alone')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;doctor' {
            [CompletionResult]::new('--site-key', '--site-key', [CompletionResultType]::ParameterName, 'Site key of the widget to probe [default: the first widget; an agent, who may not list widgets, must give one]')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The file: TOML (.toml) or YAML (.yaml, .yml)')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The file: TOML (.toml) or YAML (.yaml, .yml)')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, and change nothing')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Also delete the widgets, users and canned replies the file does not name (for each of `widgets`, `users` and `canned` the file has). Never deletes the calling user')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'File format [default: from the file''s extension, else toml]')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'Write to this file instead of standard output')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL, e.g. https://chat.example.com [default: the context''s]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token (chatd_pat_...) to use instead of a login. Prefer the environment variable: a flag is visible to other users in `ps`')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Named login to use [default: the current one, see `chatctl context list`]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of the data printed on standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'chatctl;help' {
            [CompletionResult]::new('login', 'login', [CompletionResultType]::ParameterValue, 'Log in to a chatd server and remember it as a named context')
            [CompletionResult]::new('logout', 'logout', [CompletionResultType]::ParameterValue, 'End the login session: revoke its refresh token and forget the tokens')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who the credentials in use belong to')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the server''s version, health, readiness and what it holds')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'List and switch between named logins')
            [CompletionResult]::new('widget', 'widget', [CompletionResultType]::ParameterValue, 'Manage widgets: one per website that embeds the chat')
            [CompletionResult]::new('user', 'user', [CompletionResultType]::ParameterValue, 'Manage users (admins and agents)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Manage API tokens for scripts and CI')
            [CompletionResult]::new('canned', 'canned', [CompletionResultType]::ParameterValue, 'Manage canned replies: saved answers agents insert by their shortcut')
            [CompletionResult]::new('webhook', 'webhook', [CompletionResultType]::ParameterValue, 'Manage webhooks: URLs chatd POSTs events to, signed with a secret of each hook''s own; see their deliveries, replay one, or check a signature. Needs the admin role (`verify` needs no server)')
            [CompletionResult]::new('block', 'block', [CompletionResultType]::ParameterValue, 'Block visitors from a widget, list blocks and lift them')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log: who changed what, when and from where. Needs the admin role')
            [CompletionResult]::new('visitor', 'visitor', [CompletionResultType]::ParameterValue, 'Answer access and erasure requests: export or forget everything stored about one visitor. Needs the admin role')
            [CompletionResult]::new('conversation', 'conversation', [CompletionResultType]::ParameterValue, 'List, read, export and close conversations')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'List the conversations waiting for a person, first in line first')
            [CompletionResult]::new('stats', 'stats', [CompletionResultType]::ParameterValue, 'Report on conversations: volumes, waits, first response and handle times, and CSAT, per day, widget or agent')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Diagnose a deployment end to end, the way visitors and agents reach it')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the server match a file of widgets (with their FAQ and members), users and canned replies')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the server''s widgets (with their FAQ and members), users and canned replies in the format `apply` reads')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'chatctl;help;login' {
            break
        }
        'chatctl;help;logout' {
            break
        }
        'chatctl;help;whoami' {
            break
        }
        'chatctl;help;status' {
            break
        }
        'chatctl;help;context' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the named logins; `*` marks the current one')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a context the current one')
            break
        }
        'chatctl;help;context;list' {
            break
        }
        'chatctl;help;context;use' {
            break
        }
        'chatctl;help;widget' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a widget with a fresh site key')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List widgets')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a widget and all its settings')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a widget''s settings; only the ones given change')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a widget')
            [CompletionResult]::new('rotate-key', 'rotate-key', [CompletionResultType]::ParameterValue, 'Give a widget a new site key; the old one stops working at once')
            [CompletionResult]::new('snippet', 'snippet', [CompletionResultType]::ParameterValue, 'Print the HTML that embeds a widget on a page')
            [CompletionResult]::new('faq', 'faq', [CompletionResultType]::ParameterValue, 'Manage the questions the assistant answers without a model')
            [CompletionResult]::new('member', 'member', [CompletionResultType]::ParameterValue, 'Choose the agents who work on a widget')
            break
        }
        'chatctl;help;widget;create' {
            break
        }
        'chatctl;help;widget;list' {
            break
        }
        'chatctl;help;widget;show' {
            break
        }
        'chatctl;help;widget;update' {
            break
        }
        'chatctl;help;widget;delete' {
            break
        }
        'chatctl;help;widget;rotate-key' {
            break
        }
        'chatctl;help;widget;snippet' {
            break
        }
        'chatctl;help;widget;faq' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a question and its answer at the end of the FAQ')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the FAQ with the numbers `remove` takes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an entry by its number in `faq list` (from 1)')
            break
        }
        'chatctl;help;widget;faq;add' {
            break
        }
        'chatctl;help;widget;faq;list' {
            break
        }
        'chatctl;help;widget;faq;remove' {
            break
        }
        'chatctl;help;widget;member' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Make a user a member of a widget (nothing changes if they are one)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a user from a widget''s members')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List a widget''s members')
            break
        }
        'chatctl;help;widget;member;add' {
            break
        }
        'chatctl;help;widget;member;remove' {
            break
        }
        'chatctl;help;widget;member;list' {
            break
        }
        'chatctl;help;user' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a user. Prints a generated password unless one is given on stdin')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List users')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a user')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable a user: they cannot log in and their tokens stop working')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable a disabled user')
            [CompletionResult]::new('set-role', 'set-role', [CompletionResultType]::ParameterValue, 'Change a user''s role')
            [CompletionResult]::new('reset-password', 'reset-password', [CompletionResultType]::ParameterValue, 'Set a new password (generated unless given on stdin) and end the user''s sessions')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a user, their sessions and API tokens')
            break
        }
        'chatctl;help;user;add' {
            break
        }
        'chatctl;help;user;list' {
            break
        }
        'chatctl;help;user;show' {
            break
        }
        'chatctl;help;user;disable' {
            break
        }
        'chatctl;help;user;enable' {
            break
        }
        'chatctl;help;user;set-role' {
            break
        }
        'chatctl;help;user;reset-password' {
            break
        }
        'chatctl;help;user;delete' {
            break
        }
        'chatctl;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create an API token acting as you; prints its secret once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List API tokens (never their secrets)')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke an API token; it stops working at once')
            break
        }
        'chatctl;help;token;create' {
            break
        }
        'chatctl;help;token;list' {
            break
        }
        'chatctl;help;token;revoke' {
            break
        }
        'chatctl;help;canned' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a canned reply')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List canned replies, by shortcut')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a canned reply and its whole text')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a canned reply; only what is given changes')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a canned reply')
            break
        }
        'chatctl;help;canned;add' {
            break
        }
        'chatctl;help;canned;list' {
            break
        }
        'chatctl;help;canned;show' {
            break
        }
        'chatctl;help;canned;update' {
            break
        }
        'chatctl;help;canned;remove' {
            break
        }
        'chatctl;help;webhook' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Register a URL for some events; prints the signing secret, once')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the webhooks (without their secrets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a webhook and its deliveries, pending ones included')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Send a `ping` event to a webhook now (whatever it subscribes to) and wait up to 15 s for its outcome')
            [CompletionResult]::new('deliveries', 'deliveries', [CompletionResultType]::ParameterValue, 'List deliveries, newest first: their status, attempts and last error')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Send a delivery again: the same delivery ID and body, a fresh signature and a fresh set of attempts')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a webhook signature, as a receiver must: for people writing receivers, and for debugging one. Needs no server')
            break
        }
        'chatctl;help;webhook;add' {
            break
        }
        'chatctl;help;webhook;list' {
            break
        }
        'chatctl;help;webhook;remove' {
            break
        }
        'chatctl;help;webhook;test' {
            break
        }
        'chatctl;help;webhook;deliveries' {
            break
        }
        'chatctl;help;webhook;replay' {
            break
        }
        'chatctl;help;webhook;verify' {
            break
        }
        'chatctl;help;block' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Block the visitor of a conversation on its widget; their open conversations there are closed and their connections end')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List blocks, newest first (an agent: those of their widgets)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Lift a block')
            break
        }
        'chatctl;help;block;add' {
            break
        }
        'chatctl;help;block;list' {
            break
        }
        'chatctl;help;block;remove' {
            break
        }
        'chatctl;help;audit' {
            break
        }
        'chatctl;help;visitor' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write everything stored about a visitor as JSON: their conversations with every message, and blocks naming them')
            [CompletionResult]::new('forget', 'forget', [CompletionResultType]::ParameterValue, 'Delete every conversation and message of a visitor, for good. Blocks naming them stay (`chatctl block remove` lifts one)')
            break
        }
        'chatctl;help;visitor;export' {
            break
        }
        'chatctl;help;visitor;forget' {
            break
        }
        'chatctl;help;conversation' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List conversations, most recently updated first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a conversation: its details and the whole transcript')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a conversation''s whole transcript as JSON, CSV or Markdown')
            [CompletionResult]::new('close', 'close', [CompletionResultType]::ParameterValue, 'Close a conversation (a new visitor message opens it again)')
            break
        }
        'chatctl;help;conversation;list' {
            break
        }
        'chatctl;help;conversation;show' {
            break
        }
        'chatctl;help;conversation;export' {
            break
        }
        'chatctl;help;conversation;close' {
            break
        }
        'chatctl;help;queue' {
            break
        }
        'chatctl;help;stats' {
            break
        }
        'chatctl;help;doctor' {
            break
        }
        'chatctl;help;apply' {
            break
        }
        'chatctl;help;export' {
            break
        }
        'chatctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
