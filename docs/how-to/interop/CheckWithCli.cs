// Check complaints with the complaintcode command line, JSON Lines in and out, from C#.
// No service to run: complaintcode must be installed (pip install complaintcode).
// .NET 6 or later: a console project with this file in place of Program.cs; no packages.
// Mono: mcs -r:System.Runtime.Serialization.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Threading.Tasks;

public static class CheckWithCli
{
    public static int Main(string[] args) => RunAsync().GetAwaiter().GetResult();

    static async Task<int> RunAsync()
    {
        string[] complaints = // one complaint document per line
        {
            "{\"reference\": \"HC-0117\", \"stages\": [{\"number\": 1, \"received\": \"2023-05-05\", \"acknowledged\": \"2023-05-16\"}]}",
            "{\"reference\": \"HC-0118\", \"stages\": [{\"number\": 1, \"received\": \"2023-05-05\", \"acknowledged\": \"2023-05-09T00:00:00\"}]}",
        };
        var start = new ProcessStartInfo("complaintcode", "check - --format json --as-of 2023-07-31")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true, // the summary goes to stderr, left to the console
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using (var process = Process.Start(start))
        {
            // Write and read at the same time: with a large input, waiting to read until
            // everything is written can leave both programs waiting on full pipes.
            var writing = Task.Run(async () =>
            {
                using (var stdin = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false)))
                {
                    foreach (var line in complaints)
                        await stdin.WriteAsync(line + "\n");
                }
            });
            var reader = new DataContractJsonSerializer(typeof(OutputRecord));
            string text;
            while ((text = await process.StandardOutput.ReadLineAsync()) != null)
            {
                OutputRecord record;
                using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(text)))
                    record = (OutputRecord)reader.ReadObject(stream);
                switch (record.Type) // every record says what it is
                {
                    case "assessment":
                        Console.WriteLine($"{record.Reference} compliant: {record.Compliant}");
                        break;
                    case "error":
                        var problem = record.Problems[0];
                        Console.WriteLine($"line {record.Row} refused: {problem.Pointer}: {problem.Message}");
                        break;
                }
            }
            await writing;
            process.WaitForExit();
            // 0: no breaches; 1: breaches found; 2: the input could not be used.
            Console.WriteLine($"exit status {process.ExitCode}");
            return 0;
        }
    }
}

// The members of the two record types read here, snake_case on the wire; the rest of
// each record is ignored.
[DataContract] class OutputRecord
{
    [DataMember(Name = "type")] public string Type;
    [DataMember(Name = "reference")] public string Reference;
    [DataMember(Name = "compliant")] public bool? Compliant;
    [DataMember(Name = "row")] public int? Row;
    [DataMember(Name = "problems")] public List<Problem> Problems;
}

[DataContract] class Problem
{
    [DataMember(Name = "pointer")] public string Pointer;
    [DataMember(Name = "message")] public string Message;
}
