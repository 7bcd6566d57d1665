
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'agent-tui' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'agent-tui'
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
        'agent-tui' {
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'chatd base URL [default: the context''s server, else http://127.0.0.1:8080]')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'API token or access token')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Use this chatctl context (`chatctl context list`)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Prefill the login form''s email')
            [CompletionResult]::new('--bell', '--bell', [CompletionResultType]::ParameterName, 'When to ring the terminal bell: off; queue (a conversation enters the queue, is assigned to me or reopens); all (those and visitor messages in my or queued conversations that are not open)')
            [CompletionResult]::new('--no-bell', '--no-bell', [CompletionResultType]::ParameterName, 'Same as --bell off')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
