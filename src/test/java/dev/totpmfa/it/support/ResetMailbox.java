package dev.totpmfa.it.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Forgot password" end to end: a real SMTP server (GreenMail) in this JVM that receives the realm's reset mails,
 * and the two requests a user makes (the link on the login page, the username form). Each user has an address of
 * their own, so the newest mail to that address is the one a test asked for.
 */
public final class ResetMailbox implements AutoCloseable {

    public static final String RESET_FORM = "kc-reset-password-form";
    public static final String NEW_PASSWORD_FORM = "kc-passwd-update-form";
    private static final Pattern FORGOT_LINK =
            Pattern.compile("href=\"([^\"]*/login-actions/reset-credentials[^\"]*)\"");
    private static final Pattern ACTION_TOKEN_LINK = Pattern.compile("https?://\\S*/login-actions/action-token\\S*");

    private final GreenMail smtp;

    public ResetMailbox() {
        smtp = new GreenMail(new ServerSetup(FreePorts.any(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    public int port() {
        return smtp.getSmtp().getPort();
    }

    /** Follows the login page's "Forgot Password?" link and asks for a reset of {@code user}'s password. */
    public static void requestReset(PlainHttpSession browser, KeycloakTarget keycloak, TestUser user) {
        Matcher forgot = FORGOT_LINK.matcher(browser.openLogin());
        if (!forgot.find()) {
            throw new IllegalStateException("no Forgot Password link:\n" + browser.page());
        }
        browser.openLogin(URI.create(keycloak.baseUrl()).resolve(forgot.group(1).replace("&amp;", "&")).toString());
        browser.postAndFollow(RESET_FORM, Map.of("username", user.username()));
    }

    /** The link of the newest reset mail to {@code email} past its first {@code mailsBefore}; waits up to 20 s. */
    public String resetLink(String email, int mailsBefore) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            Optional<String> link = newest(email, mailsBefore);
            if (link.isPresent()) {
                return link.get();
            }
            smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
        }
        throw new AssertionError("no reset mail to " + email + " within 20 s");
    }

    /** How many mails {@code email} has received so far: pass it to {@link #resetLink} after the request. */
    public int mailsTo(String email) {
        return (int) Arrays.stream(smtp.getReceivedMessages()).filter(mail -> sentTo(mail, email)).count();
    }

    private Optional<String> newest(String email, int mailsBefore) {
        MimeMessage[] all = smtp.getReceivedMessages();
        int seen = 0;
        String link = null;
        for (MimeMessage mail : all) {
            if (sentTo(mail, email) && ++seen > mailsBefore) {
                Matcher found = ACTION_TOKEN_LINK.matcher(text(mail));
                if (found.find()) {
                    link = found.group();
                }
            }
        }
        return Optional.ofNullable(link);
    }

    private static boolean sentTo(MimeMessage mail, String email) {
        try {
            Address[] to = mail.getAllRecipients();
            return to != null && Arrays.stream(to).anyMatch(a -> a.toString().contains(email));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text of every part of a mail (Keycloak sends text and HTML). */
    public static String text(Part part) {
        try {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                StringBuilder all = new StringBuilder();
                for (int i = 0; i < multipart.getCount(); i++) {
                    all.append(text(multipart.getBodyPart(i))).append('\n');
                }
                return all.toString();
            }
            return part.getContent().toString();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
