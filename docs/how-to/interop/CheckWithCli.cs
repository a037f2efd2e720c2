// Check complaints with the complaintcode command line, JSON Lines in and out, from .NET 8.
// No service to run: complaintcode must be installed (pip install complaintcode).
using System.Diagnostics;
using System.Text;
using System.Text.Json;

string[] complaints = // one complaint document per line
[
    """{"reference": "HC-0117", "stages": [{"number": 1, "received": "2023-05-05", "acknowledged": "2023-05-16"}]}""",
    """{"reference": "HC-0118", "stages": [{"number": 1, "received": "2023-05-05", "acknowledged": "2023-05-09T00:00:00"}]}""",
];

var start = new ProcessStartInfo("complaintcode", "check - --format json --as-of 2023-07-31")
{
    RedirectStandardInput = true,
    RedirectStandardOutput = true,      // the summary goes to stderr, left to the console
    UseShellExecute = false,
    StandardInputEncoding = new UTF8Encoding(false),
    StandardOutputEncoding = Encoding.UTF8,
};
using var process = Process.Start(start)!;

// Write and read at the same time: with a large input, waiting to read until everything is
// written can leave both programs waiting on full pipes.
var writing = Task.Run(async () =>
{
    foreach (var line in complaints)
        await process.StandardInput.WriteLineAsync(line);
    process.StandardInput.Close();
});

string? record;
while ((record = await process.StandardOutput.ReadLineAsync()) is not null)
{
    using var document = JsonDocument.Parse(record);
    var root = document.RootElement;
    switch (root.GetProperty("type").GetString()) // every record says what it is
    {
        case "assessment":
            Console.WriteLine($"{root.GetProperty("reference")} compliant: {root.GetProperty("compliant")}");
            break;
        case "error":
            var problem = root.GetProperty("problems")[0];
            Console.WriteLine($"line {root.GetProperty("row")} refused: {problem.GetProperty("pointer")}: {problem.GetProperty("message")}");
            break;
    }
}
await writing;
await process.WaitForExitAsync();
// 0: no breaches; 1: breaches found; 2: the input could not be used.
Console.WriteLine($"exit status {process.ExitCode}");
