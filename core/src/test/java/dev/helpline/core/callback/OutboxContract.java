package dev.helpline.core.callback;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JDBC store ({@link CallbackOutbox}) on each supported database: the whole
 * {@link CallbackStoreContract}, plus what only SQL can show (the schema's migrations, the
 * columns a purge keeps and clears).
 */
abstract class OutboxContract extends CallbackStoreContract {

    /** A URL to a fresh, empty database. */
    abstract String newUrl() throws Exception;

    @Test
    void open_twice_migratesOnceAndKeepsData() throws Exception {
        String url = newUrl();
        CallbackRequest r = request("212-736-1842", T0);
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "")) {
            o.accept(r);
        }
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "")) {
            assertEquals(List.of(r.id()), o.claimDue(10, T0, LEASE).stream().map(CallbackStore.Pending::id).toList());
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(version) FROM helpline_schema_version")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
            assertEquals(3, rs.getInt(2));
        }
    }



    @Test
    void purgeDelivered_removesNumberButKeepsConsentRecord() throws Exception {
        String url = newUrl();
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "")) {
            CallbackRequest r = request("212-736-1842", T0);
            o.accept(r);
            o.markDelivered(o.claimDue(1, T0, LEASE).get(0), T0);
            o.purgeDelivered(T0.plusSeconds(1), T0.plusSeconds(1));
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT phone_e164, payload, consent_hash, disclosure_hash, consent_at FROM helpline_callback")) {
            rs.next();
            assertNull(rs.getString(1));
            assertNull(rs.getString(2));
            assertEquals("aa", rs.getString(3));
            assertEquals("bb", rs.getString(4));
            assertEquals(T0.toEpochMilli(), rs.getLong(5));
        }
    }




    /** Whether two outboxes can open the same URL at once (not an H2 file without AUTO_SERVER). */
    abstract boolean sharesDatabase();

    @Override
    final String newStore() throws Exception {
        return newUrl();
    }

    @Override
    final CallbackStore open(String url) {
        return CallbackOutbox.open(url, "", "");
    }

    @Override
    final boolean sharesStore() {
        return sharesDatabase();
    }

    /** Read through the store's own connections: the kind column is the JDBC store's, not the interface's. */
    @Override
    final List<String> kindsHolding(CallbackStore store, String e164) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = ((CallbackOutbox) store).dataSource().getConnection();
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "SELECT kind FROM helpline_callback WHERE phone_e164 = ? ORDER BY kind")) {
            ps.setString(1, e164);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void accept_storesConsentRecordFields() throws Exception {
        String url = newUrl();
        CallbackRequest r = request("212-736-1842", T0);
        try (CallbackOutbox o = CallbackOutbox.open(url, "", "")) {
            o.accept(r);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT consent_given, consent_text, page_url, user_agent, received_at FROM helpline_callback")) {
            rs.next();
            assertTrue(rs.getBoolean(1));
            assertEquals("I agree", rs.getString(2));
            assertEquals("https://s.example/p", rs.getString(3));
            assertNotNull(rs.getString(4));
            assertEquals(T0.toEpochMilli(), rs.getLong(5));
        }
    }
}
