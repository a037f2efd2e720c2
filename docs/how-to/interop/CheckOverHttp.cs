// Check one complaint with complaintcode's HTTP service (complaintcode serve), from .NET 8.
// A console project (dotnet new console) with this as Program.cs; no packages needed.
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

var json = new JsonSerializerOptions
{
    PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,           // WorkingDays -> working_days
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,     // leave out what is not recorded
    Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) }, // PartlyUpheld -> PARTLY_UPHELD
};

var complaint = new Complaint("HC-0117",
    [new Stage(1, "2023-05-05", Acknowledged: new DateOnly(2023, 5, 16))]);

using var http = new HttpClient { BaseAddress = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8000") };
using var response = await http.PostAsJsonAsync(
    "/v1/check", new CheckRequest(complaint, AsOf: new DateOnly(2023, 7, 31)), json);
var answer = await response.Content.ReadFromJsonAsync<JsonElement>(json);

if (!response.IsSuccessStatusCode) // 4xx: every problem, with its JSON Pointer
{
    foreach (var problem in answer.GetProperty("problems").EnumerateArray())
        Console.WriteLine($"{problem.GetProperty("pointer")}: {problem.GetProperty("message")}");
    return;
}
Console.WriteLine($"{answer.GetProperty("reference")} compliant: {answer.GetProperty("compliant")}");
foreach (var finding in answer.GetProperty("findings").EnumerateArray())
    Console.WriteLine($"{finding.GetProperty("rule")}: {finding.GetProperty("message")}");

// Date-only fields are DateOnly (written "2023-05-16"); never DateTime, which is written with
// a time and refused. Only a stage's Received may carry a time, so it is a string here.
enum Outcome { Upheld, PartlyUpheld, NotUpheld, Withdrawn }
record Extension(DateOnly Notified, int WorkingDays, string Reason);
record Stage(int Number, string Received, DateOnly? Acknowledged = null, DateOnly? Responded = null,
             Outcome? Outcome = null, List<Extension>? Extensions = null);
record Complaint(string Reference, List<Stage> Stages);
record CheckRequest(Complaint Complaint, DateOnly? AsOf = null);
