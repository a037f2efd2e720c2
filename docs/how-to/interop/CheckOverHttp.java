// Check one complaint with complaintcode's HTTP service (complaintcode serve), from Java 17+.
// Needs jackson-databind 2.12 or later. Run: java -cp jackson-*.jar CheckOverHttp.java
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;

public class CheckOverHttp {
    // Date-only fields are LocalDate: sent as "2023-05-16", never as a date-time.
    // Only a stage's "received" may carry a time, so it is a String here.
    public record Extension(LocalDate notified, int workingDays, String reason) {}

    public record Stage(int number, String received, LocalDate acknowledged,
                        LocalDate responded, List<Extension> extensions) {}

    public record Complaint(String reference, List<Stage> stages) {}

    public record CheckRequest(Complaint complaint, LocalDate asOf) {}

    static ObjectMapper mapper() {
        // LocalDate as ISO text both ways. (With jackson-datatype-jsr310 on the class path,
        // register JavaTimeModule and disable WRITE_DATES_AS_TIMESTAMPS instead.)
        SimpleModule dates = new SimpleModule();
        dates.addSerializer(LocalDate.class, ToStringSerializer.instance);
        dates.addDeserializer(LocalDate.class, new FromStringDeserializer<LocalDate>(LocalDate.class) {
            @Override
            protected LocalDate _deserialize(String text, DeserializationContext context) {
                return LocalDate.parse(text);
            }
        });
        return new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE) // workingDays -> working_days
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)        // leave out what is not recorded
            .registerModule(dates);
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8000";
        ObjectMapper json = mapper();
        Complaint complaint = new Complaint("HC-0117", List.of(
            new Stage(1, "2023-05-05", LocalDate.of(2023, 5, 16), null, List.of())));
        String body = json.writeValueAsString(new CheckRequest(complaint, LocalDate.of(2023, 7, 31)));

        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/check"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
        // HTTP/1.1: Java's default (HTTP/2) sends an "Upgrade: h2c" request over plain HTTP,
        // which uvicorn does not take up.
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = json.readTree(response.body());

        if (response.statusCode() != 200) { // 4xx: every problem, with its JSON Pointer
            for (JsonNode problem : answer.get("problems")) {
                System.out.println(problem.get("pointer").asText() + ": " + problem.get("message").asText());
            }
            return;
        }
        System.out.println(answer.get("reference").asText() + " compliant: " + answer.get("compliant").asBoolean());
        for (JsonNode finding : answer.get("findings")) {
            System.out.println(finding.get("rule").asText() + ": " + finding.get("message").asText());
        }
    }
}
