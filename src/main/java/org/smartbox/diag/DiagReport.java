package org.smartbox.diag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.smartbox.diag.CheckResult.Status;

/**
 * The results of every check: a table for people, one JSON document for fleet tools. The JSON shape
 * is part of the interface: {@code {"box", "software", "at", "status", "summary", "checks": [{"name",
 * "status", "value", "hint"}]}}, statuses {@code ok|warn|fail}.
 */
public record DiagReport(String boxId, String software, Instant at, List<CheckResult> results) {

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
        return results.size() + " checks: " + ok + " ok, " + warn + " warn, " + fail + " fail";
    }

    public String table() {
        int nameWidth = Math.max(5, results.stream().mapToInt(r -> r.name().length()).max().orElse(5));
        int valueWidth = Math.min(48, Math.max(5, results.stream().mapToInt(r -> r.value().length()).max().orElse(5)));
        StringBuilder sb = new StringBuilder();
        sb.append("SmartBox ").append(boxId).append(" diagnostics, ").append(at).append(", software ")
                .append(software).append('\n');
        String format = "%-" + nameWidth + "s  %-4s  %-" + valueWidth + "s  %s%n";
        sb.append(String.format(format, "check", "", "value", "hint"));
        for (CheckResult r : results) {
            sb.append(String.format(format, r.name(), r.status().word(), r.value(), r.hint()));
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

    private long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }
}
