package io.sluice.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a configuration file: YAML (snakeyaml's safe loader, node API, so every node keeps its line), then
 * {@code ${VAR}} substitution in values, binding to records, and validation. Every problem is collected and
 * thrown at once in a {@link ConfigException}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a UTF-8 file with {@code System.getenv()} as the environment. Problems name the file as given.
     *
     * @throws ConfigException with every problem found
     * @throws IOException when the file cannot be read
     */
    public static SluiceConfig load(Path file) throws ConfigException, IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), System.getenv());
    }

    /**
     * Parses configuration text.
     *
     * @param yaml the YAML text
     * @param fileName the name problems are reported under
     * @param env the environment {@code ${VAR}} references read
     * @throws ConfigException with every problem found, sorted by line
     */
    public static SluiceConfig parse(String yaml, String fileName, Map<String, String> env)
            throws ConfigException {
        Problems problems = new Problems(fileName);
        YamlNode root = new YamlNode(compose(yaml, fileName), "");
        if (!root.isMapping()) {
            if (root.isNull()) {
                root = new YamlNode(emptyMapping(), "");
            } else {
                problems.add(root.line(), "", "expected a mapping with the sections listen, pool, auth, databases"
                        + " and users at the top level, got " + root.kind());
                problems.throwIfAny();
            }
        }
        Locations locations = new Locations();
        SluiceConfig config = new ConfigBinder(problems, env, locations).bind(root);
        ConfigValidator.validate(config, locations, problems);
        problems.throwIfAny();
        return config;
    }

    private static Node compose(String yaml, String fileName) throws ConfigException {
        Node node;
        try {
            node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new ConfigException(List.of(new ConfigProblem(fileName, mark == null ? 1 : mark.getLine() + 1,
                    "", "YAML syntax error: " + context + e.getProblem())));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(new ConfigProblem(fileName, 1, "", "YAML error: " + e.getMessage())));
        }
        return node == null ? emptyMapping() : node;
    }

    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.AUTO);
    }
}
