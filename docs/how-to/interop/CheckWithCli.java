// Check complaints with the complaintcode command line, JSON Lines in and out, from Java 17+.
// No service to run: complaintcode must be installed (pip install complaintcode).
// Needs jackson-databind. Run: java -cp jackson-*.jar CheckWithCli.java
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

public class CheckWithCli {
    public static void main(String[] args) throws Exception {
        List<String> complaints = List.of( // one complaint document per line
            "{\"reference\": \"HC-0117\", \"stages\": [{\"number\": 1, \"received\": \"2023-05-05\", \"acknowledged\": \"2023-05-16\"}]}",
            "{\"reference\": \"HC-0118\", \"stages\": [{\"number\": 1, \"received\": \"2023-05-05\", \"acknowledged\": \"2023-05-09T00:00:00\"}]}");

        Process process = new ProcessBuilder(
                "complaintcode", "check", "-", "--format", "json", "--as-of", "2023-07-31")
            .redirectError(ProcessBuilder.Redirect.INHERIT) // the summary goes to stderr
            .start();
        try (Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line : complaints) {
                stdin.write(line + "\n");
            }
        }
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader stdout = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = stdout.readLine()) != null) {
                JsonNode record = json.readTree(line);
                switch (record.get("type").asText()) { // every record says what it is
                    case "assessment" -> System.out.println(
                        record.get("reference").asText() + " compliant: " + record.get("compliant").asBoolean());
                    case "error" -> System.out.println(
                        "line " + record.get("row").asInt() + " refused: "
                        + record.get("problems").get(0).get("pointer").asText() + ": "
                        + record.get("problems").get(0).get("message").asText());
                    default -> { }
                }
            }
        }
        // 0: no breaches; 1: breaches found; 2: the input could not be used.
        System.out.println("exit status " + process.waitFor());
    }
}
