package io.sluice.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the {@code hba} access rules from their bound values; a rule without a method is a problem. */
final class HbaBinding {

    private final Problems problems;

    HbaBinding(Problems problems) {
        this.problems = problems;
    }

    /** @param items each rule's node and bound values, in file order */
    List<HbaRule> rules(List<Map.Entry<YamlNode, Values>> items) {
        List<HbaRule> rules = new ArrayList<>();
        for (Map.Entry<YamlNode, Values> item : items) {
            int line = item.getKey().line();
            String path = item.getKey().path();
            Values v = item.getValue();
            Optional<HbaMethod> method = v.optional(Settings.HBA_METHOD, HbaMethod.class);
            if (method.isEmpty()) {
                if (!problems.reportedAt(path + ".method")) {
                    problems.add(line, path, "method is required (one of: " + HbaMethod.choices() + ')');
                }
                continue;
            }
            String source = v.string(Settings.HBA_SOURCE);
            boolean local = source.equals(HbaRule.LOCAL);
            rules.add(new HbaRule(line, names(v.string(Settings.HBA_DATABASE)), names(v.string(Settings.HBA_USER)),
                    source.equals("all") || local ? Optional.empty() : Optional.of(Cidr.parse(source)),
                    v.required(Settings.HBA_TLS, HbaTls.class), method.get(), local));
        }
        return rules;
    }

    /** {@code all} is the empty list. */
    private static List<String> names(String normalised) {
        return normalised.equals("all") ? List.of() : SettingType.splitList(normalised);
    }
}
