package dev.totpmfa.admin;

/**
 * One user of a list before the details of the page are read.
 *
 * @param username null for a user whose provider keeps them without import: looked up for the page only
 */
record UserRow(String id, String username, UserTable table) {
}
