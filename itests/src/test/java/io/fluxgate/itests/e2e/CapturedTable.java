package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A table one test captures with Debezium, and the connector configuration that captures it. Each test has its own
 * table, replication slot, publication and topic prefix (all named after the test), so that tests sharing a PostgreSQL
 * cluster and a broker never see each other's changes. Row {@code i} holds {@code (i, 'row-i', 10 * i)}.
 */
final class CapturedTable {

    final PostgresCluster postgres;
    /** The table's name, also its slot's and its topic prefix: lower case, digits and underscores. */
    final String name;

    private CapturedTable(PostgresCluster postgres, String name) {
        this.postgres = postgres;
        this.name = name;
    }

    /** Creates the table {@code name} holding rows 1 to {@code rows}. */
    static CapturedTable create(PostgresCluster postgres, String name, int rows)
            throws IOException, InterruptedException {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a slot name: " + name);
        }
        // REPLICA IDENTITY FULL: updates and deletes carry the old row in "before", which the tests check.
        postgres.sql("CREATE TABLE public." + name + " (id integer PRIMARY KEY, name text NOT NULL, amount integer"
                + " NOT NULL);\nALTER TABLE public." + name + " REPLICA IDENTITY FULL;");
        CapturedTable table = new CapturedTable(postgres, name);
        if (rows > 0) {
            table.insert(1, rows);
        }
        return table;
    }

    /** The topic Debezium writes the table's changes to: {@code <topic.prefix>.<schema>.<table>}. */
    String topic() {
        return name + ".public." + name;
    }

    /**
     * Debezium's PostgreSQL connector capturing this table alone through the pgoutput plugin, its records as
     * schemaless JSON (keys {@code {"id":i}}, values Debezium's change-event envelope) so that tests read them plainly.
     */
    Map<String, String> connectorConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", DebeziumPostgresPlugin.CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("database.hostname", "127.0.0.1");
        config.put("database.port", Integer.toString(postgres.port));
        config.put("database.user", PostgresCluster.USER);
        config.put("database.dbname", PostgresCluster.DATABASE);
        config.put("topic.prefix", name);
        config.put("plugin.name", "pgoutput");
        config.put("slot.name", name);
        // A publication of this table only, created by the connector (its default is one for all tables).
        config.put("publication.name", name + "_publication");
        config.put("publication.autocreate.mode", "filtered");
        config.put("table.include.list", "public." + name);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    /** Inserts rows {@code from} to {@code to} in one statement. */
    void insert(int from, int to) throws IOException, InterruptedException {
        postgres.sql("INSERT INTO public." + name + " SELECT g, 'row-' || g, 10 * g FROM generate_series(" + from
                + ", " + to + ") g;");
    }

    void updateAmount(int id, int amount) throws IOException, InterruptedException {
        postgres.sql("UPDATE public." + name + " SET amount = " + amount + " WHERE id = " + id + ";");
    }

    void delete(int id) throws IOException, InterruptedException {
        postgres.sql("DELETE FROM public." + name + " WHERE id = " + id + ";");
    }

    static String nameOf(int id) {
        return "row-" + id;
    }

    static int amountOf(int id) {
        return 10 * id;
    }

    @Override
    public String toString() {
        return "public." + name;
    }
}
