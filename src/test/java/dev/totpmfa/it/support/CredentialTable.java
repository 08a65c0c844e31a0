package dev.totpmfa.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keycloak's {@code credential} table as PostgreSQL committed it, read over JDBC in a connection of its own: after a
 * failure, what a node's caches or the admin API say must agree with this, not the other way round.
 */
public final class CredentialTable {

    private final Postgres.Database database;

    public CredentialTable(Postgres.Database database) {
        this.database = database;
    }

    /** One row: its id, type and public data (never the secret data). */
    public record Row(String id, String type, String credentialData) {
    }

    /** The user's rows of {@code type}, oldest first. */
    public List<Row> rows(String userId, String type) {
        String sql = "SELECT id, type, credential_data FROM credential WHERE user_id = ? AND type = ?"
                + " ORDER BY created_date, id";
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, userId);
            statement.setString(2, type);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the credential table of " + database.name(), e);
        }
    }
}
