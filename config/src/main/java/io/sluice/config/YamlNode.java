package io.sluice.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** A composed YAML node with its key path, so every problem can name the path and the line. */
final class YamlNode {

    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

    /**
     * One key of a mapping and its value.
     *
     * @param key the key's text
     * @param line the key's line
     * @param value the value, whose path is the mapping's path plus the key
     */
    record Entry(String key, int line, YamlNode value) {
    }

    private final Node node;
    private final String path;

    YamlNode(Node node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The key path of {@code name} under {@code parent}; names that are not plain words are quoted. */
    static String child(String parent, String name) {
        String segment = PLAIN_SEGMENT.matcher(name).matches() ? name : '"' + name.replace("\"", "\\\"") + '"';
        return parent.isEmpty() ? segment : parent + '.' + segment;
    }

    String path() {
        return path;
    }

    /** The 1-based line where the node starts. */
    int line() {
        return lineOf(node);
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    /** The items of a sequence node, each with the path {@code parent[index]}. */
    List<YamlNode> items() {
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = ((SequenceNode) node).getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(values.get(i), path + '[' + i + ']'));
        }
        return items;
    }

    /** A plain scalar with {@code value}, at this node's place and path. */
    YamlNode withScalar(String value) {
        return new YamlNode(new ScalarNode(Tag.STR, value, node.getStartMark(), node.getEndMark(),
                DumperOptions.ScalarStyle.PLAIN), path);
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** An empty value ({@code key:}, {@code ~} or {@code null}, unquoted). */
    boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** The text of a scalar node. */
    String scalar() {
        return ((ScalarNode) node).getValue();
    }

    /** What the node is, for messages: "a mapping", "a list", "a string", "an empty value". */
    String kind() {
        if (isNull()) {
            return "an empty value";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return node instanceof SequenceNode ? "a list" : "a string";
    }

    /**
     * The entries of a mapping node, in file order. A key that is not a scalar, or that repeats an earlier
     * key, is reported to {@code problems} and skipped.
     */
    List<Entry> entries(Problems problems) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            int line = lineOf(keyNode);
            if (!(keyNode instanceof ScalarNode)) {
                problems.add(line, path, "keys must be plain strings, got " + new YamlNode(keyNode, path).kind());
                continue;
            }
            String key = ((ScalarNode) keyNode).getValue();
            Integer first = seen.putIfAbsent(key, line);
            if (first != null) {
                problems.add(line, child(path, key), "duplicate key '" + key + "' (first set on line " + first + ')');
                continue;
            }
            entries.add(new Entry(key, line, new YamlNode(tuple.getValueNode(), child(path, key))));
        }
        return entries;
    }

    private static int lineOf(Node node) {
        Mark mark = node.getStartMark();
        return mark == null ? 1 : mark.getLine() + 1;
    }
}
