package io.sluice.proxy.admin;

import static io.sluice.protocol.backend.Column.int4;
import static io.sluice.protocol.backend.Column.int8;
import static io.sluice.protocol.backend.Column.text;

import io.sluice.protocol.backend.Column;
import io.sluice.protocol.backend.ColumnType;
import io.sluice.proxy.pool.ConnectionInfo;
import io.sluice.proxy.pool.Pool;
import io.sluice.proxy.pool.PoolRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code SHOW CLIENTS} and {@code SHOW SERVERS}: one row per connection, PgBouncer's columns. */
final class ConnectionViews {

    private static final List<Column> COLUMNS = List.of(text("type"), text("user"), text("database"),
            text("replication"), text("state"), text("addr"), int4("port"), text("local_addr"), int4("local_port"),
            new Column("connect_time", ColumnType.TIMESTAMPTZ), new Column("request_time", ColumnType.TIMESTAMPTZ),
            int4("wait"), int4("wait_us"), int4("close_needed"), text("ptr"), text("link"), int4("remote_pid"),
            text("tls"), text("application_name"), int4("prepared_statements"), int8("id"));

    private ConnectionViews() {
    }

    static Table clients(PoolRegistry pools) {
        List<ConnectionInfo> infos = new ArrayList<>();
        for (Pool pool : pools.all()) {
            for (Pool.Member member : pool.members()) {
                infos.add(member.info());
            }
        }
        return table(infos);
    }

    static Table servers(PoolRegistry pools) {
        List<ConnectionInfo> infos = new ArrayList<>();
        for (Pool pool : pools.all()) {
            infos.addAll(pool.serverInfos());
        }
        return table(infos);
    }

    private static Table table(List<ConnectionInfo> infos) {
        infos.sort(Comparator.comparingLong(ConnectionInfo::id));
        Table table = new Table(COLUMNS);
        for (ConnectionInfo c : infos) {
            table.row(String.valueOf(c.type()), c.user(), c.database(), "none", c.state(), c.addr(), c.port(),
                    c.localAddr(), c.localPort(), Times.timestamp(c.connectMillis()),
                    Times.timestamp(c.requestMillis()), Times.seconds(c.waitNanos()), Times.micros(c.waitNanos()),
                    c.closeNeeded() ? 1 : 0, ptr(c.id()), c.link() == 0 ? "" : ptr(c.link()), c.remotePid(),
                    c.tls(), c.applicationName(), c.preparedStatements(), c.id());
        }
        return table;
    }

    /** PgBouncer shows object addresses; Sluice shows the connection id in hex, which links match. */
    private static String ptr(long id) {
        return String.format("0x%x", id);
    }
}
