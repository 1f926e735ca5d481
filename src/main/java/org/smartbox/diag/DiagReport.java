package org.smartbox.diag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.smartbox.diag.CheckResult.Status;
import org.smartbox.text.Counted;

/**
 * The results of every check: a table for people, one JSON document for fleet tools. The JSON shape
 * is part of the interface: {@code {"box", "software", "at", "status", "summary", "checks": [{"name",
 * "status", "value", "hint"}]}}, statuses {@code ok|warn|fail}.
 */
public record DiagReport(String boxId, String software, Instant at, List<CheckResult> results) {

    private static final int VALUE_WIDTH = 48;
    private static final int HINT_WIDTH = 60;

    public DiagReport {
        results = List.copyOf(results);
    }

    /** The worst status of all checks. */
    public Status status() {
        return results.stream().map(CheckResult::status).max(Enum::compareTo).orElse(Status.OK);
    }

    /** 0 when nothing failed (warnings alone still 0), 1 when any check failed. */
    public int exitCode() {
        return status() == Status.FAIL ? 1 : 0;
    }

    public String summary() {
        long ok = count(Status.OK);
        long warn = count(Status.WARN);
        long fail = count(Status.FAIL);
        return Counted.of(results.size(), "check") + ": " + ok + " ok, " + warn + " warn, " + fail + " fail";
    }

    public String table() {
        int nameWidth = Math.max(5, results.stream().mapToInt(r -> r.name().length()).max().orElse(5));
        int valueWidth = Math.min(VALUE_WIDTH, Math.max(5, results.stream().mapToInt(r -> r.value().length()).max().orElse(5)));
        StringBuilder sb = new StringBuilder();
        sb.append("SmartBox ").append(boxId).append(" diagnostics, ").append(at).append(", software ")
                .append(software).append('\n');
        String format = "%-" + nameWidth + "s  %-4s  %-" + valueWidth + "s  %s";
        sb.append(String.format(format, "check", "", "value", "hint").stripTrailing()).append('\n');
        for (CheckResult r : results) {
            // Long values and hints wrap in their columns: a row never runs off a terminal.
            List<String> values = wrap(r.value(), valueWidth);
            List<String> hints = wrap(r.hint(), HINT_WIDTH);
            for (int i = 0; i < Math.max(values.size(), hints.size()); i++) {
                sb.append(String.format(format, i == 0 ? r.name() : "", i == 0 ? r.status().word() : "",
                        i < values.size() ? values.get(i) : "", i < hints.size() ? hints.get(i) : "").stripTrailing())
                        .append('\n');
            }
        }
        sb.append(summary()).append('\n');
        return sb.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("box", boxId);
        root.put("software", software);
        root.put("at", at.toString());
        root.put("status", status().word());
        root.put("summary", summary());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult r : results) {
            ObjectNode check = checks.addObject();
            check.put("name", r.name());
            check.put("status", r.status().word());
            check.put("value", r.value());
            check.put("hint", r.hint());
            if (!r.figures().isEmpty()) {
                check.set("figures", mapper.valueToTree(r.figures()));
            }
        }
        return root.toString();
    }

    /** Words to lines of at most {@code width} characters; a word longer than that is cut into pieces. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            while (word.length() > width) {
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!word.isEmpty()) {
                line.append(line.length() > 0 ? " " : "").append(word);
            }
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
