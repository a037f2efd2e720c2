// Check one complaint with complaintcode's HTTP service (complaintcode serve), from C#.
// .NET 6 or later: a console project (dotnet new console) with this file in place of
// Program.cs; no packages. Mono: mcs -r:System.Net.Http -r:System.Runtime.Serialization.
// Run with the service's address, e.g. http://127.0.0.1:8000 (the default).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Threading.Tasks;

public static class CheckOverHttp
{
    public static int Main(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    static async Task<int> RunAsync(string[] args)
    {
        var address = args.Length > 0 ? args[0] : "http://127.0.0.1:8000";
        var request = new CheckRequest
        {
            Complaint = new Complaint
            {
                Reference = "HC-0117",
                Stages = new List<Stage>
                {
                    new Stage { Number = 1, Received = "2023-05-05", Acknowledged = Day(2023, 5, 16) },
                },
            },
            AsOf = Day(2023, 7, 31),
        };
        using (var http = new HttpClient { BaseAddress = new Uri(address) })
        using (var body = new StringContent(Json.Write(request), Encoding.UTF8, "application/json"))
        using (var response = await http.PostAsync("/v1/check", body))
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) // 4xx: every problem, with its JSON Pointer
            {
                foreach (var problem in Json.Read<Errors>(text).Problems)
                    Console.WriteLine($"{problem.Pointer}: {problem.Message}");
                return 1;
            }
            var answer = Json.Read<Assessment>(text);
            Console.WriteLine($"{answer.Reference} compliant: {answer.Compliant}");
            foreach (var finding in answer.Findings)
                Console.WriteLine($"{finding.Rule}: {finding.Message}");
            return 0;
        }
    }

    // Date-only fields are sent as "2023-05-16": never a DateTime as it stands, which a
    // serializer writes with a time (and the service refuses). Only a stage's Received may
    // carry a time ("2023-05-05T17:45:00+01:00").
    static string Day(int year, int month, int day) =>
        new DateTime(year, month, day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

static class Json
{
    // Names are snake_case on the wire ([DataMember(Name = "as_of")]); members left null
    // are not sent (EmitDefaultValue = false); members the service adds are ignored.
    public static string Write<T>(T value)
    {
        using (var stream = new MemoryStream())
        {
            new DataContractJsonSerializer(typeof(T)).WriteObject(stream, value);
            return Encoding.UTF8.GetString(stream.ToArray());
        }
    }

    public static T Read<T>(string text)
    {
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(text)))
            return (T)new DataContractJsonSerializer(typeof(T)).ReadObject(stream);
    }
}

[DataContract] class Extension
{
    [DataMember(Name = "notified")] public string Notified;
    [DataMember(Name = "working_days")] public int WorkingDays;
    [DataMember(Name = "reason")] public string Reason;
}

[DataContract] class Stage
{
    [DataMember(Name = "number")] public int Number;
    [DataMember(Name = "received")] public string Received;
    [DataMember(Name = "acknowledged", EmitDefaultValue = false)] public string Acknowledged;
    [DataMember(Name = "responded", EmitDefaultValue = false)] public string Responded;
    // UPHELD, PARTLY_UPHELD, NOT_UPHELD or WITHDRAWN: the enum's names, as text.
    [DataMember(Name = "outcome", EmitDefaultValue = false)] public string Outcome;
    [DataMember(Name = "extensions", EmitDefaultValue = false)] public List<Extension> Extensions;
}

[DataContract] class Complaint
{
    [DataMember(Name = "reference")] public string Reference;
    [DataMember(Name = "stages")] public List<Stage> Stages;
}

[DataContract] class CheckRequest
{
    [DataMember(Name = "complaint")] public Complaint Complaint;
    [DataMember(Name = "as_of", EmitDefaultValue = false)] public string AsOf;
}

[DataContract] class Finding
{
    [DataMember(Name = "rule")] public string Rule;
    [DataMember(Name = "message")] public string Message;
}

[DataContract] class Assessment
{
    [DataMember(Name = "reference")] public string Reference;
    [DataMember(Name = "compliant")] public bool Compliant;
    [DataMember(Name = "findings")] public List<Finding> Findings;
}

[DataContract] class Problem
{
    [DataMember(Name = "pointer")] public string Pointer;
    [DataMember(Name = "message")] public string Message;
}

[DataContract] class Errors
{
    [DataMember(Name = "problems")] public List<Problem> Problems;
}
