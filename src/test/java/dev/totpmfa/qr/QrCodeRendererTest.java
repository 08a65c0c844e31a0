package dev.totpmfa.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The QR code is what a phone scans during enrolment: if a byte of the URI is lost or the symbol does not
 * scan, the user cannot enrol. So every test decodes our PNG with zxing's reader rather than trusting the
 * encoder, and checks the image properties that camera apps rely on (quiet zone, crisp modules).
 */
class QrCodeRendererTest {

    /** "Bücher & Co.: Straße" / "jörg+test@example.com", percent-encoded as the Key URI format requires. */
    private static final String OTPAUTH_URI = "otpauth://totp/B%C3%BCcher%20%26%20Co.%3A%20Stra%C3%9Fe:"
            + "j%C3%B6rg%2Btest%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=B%C3%BCcher%20%26%20Co.%3A%20Stra%C3%9Fe&algorithm=SHA1&digits=6&period=30";

    private final QrCodeRenderer renderer = new QrCodeRenderer();

    @ParameterizedTest
    @ValueSource(strings = {
            OTPAUTH_URI,
            // Not percent-encoded: must still survive byte for byte (UTF-8 with an ECI header).
            "otpauth://totp/Bücher & Co.:jörg@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Bücher & Co.",
            "Grüße, Καλημέρα, 日本語, emoji 🔐 and ASCII !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
            "x"
    })
    void pngDecodesToTheExactContent(String content) throws Exception {
        Result result = decode(renderer.renderPng(content));

        assertThat(result.getText()).isEqualTo(content);
    }

    @Test
    void usesErrorCorrectionLevelM() throws Exception {
        Result result = decode(renderer.renderPng(OTPAUTH_URI));

        assertThat(result.getResultMetadata())
                .containsEntry(ResultMetadataType.ERROR_CORRECTION_LEVEL, ErrorCorrectionLevel.M.name());
    }

    @Test
    void imageIsTheSymbolPlusAFourModuleQuietZoneAtAWholeNumberOfPixelsPerModule() throws Exception {
        BufferedImage image = read(renderer.renderPng(OTPAUTH_URI));
        QRCode expected = Encoder.encode(OTPAUTH_URI, ErrorCorrectionLevel.M,
                Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
        int symbolModules = expected.getVersion().getDimensionForVersion();

        // The top-left finder pattern starts with a run of 7 dark modules: its length gives the module size.
        int firstDark = firstDarkOnDiagonal(image);
        int finderRun = darkRunLength(image, firstDark, firstDark);
        assertThat(finderRun % 7).isZero();
        int modulePx = finderRun / 7;

        assertThat(modulePx).isGreaterThanOrEqualTo(2);
        assertThat(firstDark).as("quiet zone in pixels").isEqualTo(4 * modulePx);
        assertThat(image.getWidth()).isEqualTo(image.getHeight())
                .isEqualTo((symbolModules + 8) * modulePx)
                .isBetween(200, 300);
        assertQuietZoneIsWhite(image, 4 * modulePx);
    }

    @Test
    void imageIsCompactOneBitPng() throws Exception {
        byte[] png = renderer.renderPng(OTPAUTH_URI);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
        assertThat(read(png).getColorModel().getPixelSize()).isEqualTo(1);
        assertThat(png.length).isLessThan(4096);
    }

    @Test
    void dataUriHoldsTheSamePng() throws Exception {
        String dataUri = renderer.renderDataUri(OTPAUTH_URI);

        assertThat(dataUri).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        assertThat(png).isEqualTo(renderer.renderPng(OTPAUTH_URI));
        assertThat(decode(png).getText()).isEqualTo(OTPAUTH_URI);
    }

    @Test
    void refusesEmptyAndOversizedContent() {
        assertThatThrownBy(() -> renderer.renderPng(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.renderPng("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> renderer.renderDataUri("a".repeat(5000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5000 characters");
    }

    @Test
    void modulePixelsKeepsEverySymbolVersionNearTheTargetSize() {
        for (int version = 1; version <= 10; version++) {
            int modules = 17 + 4 * version + 8;
            assertThat(modules * QrCodeRenderer.modulePixels(17 + 4 * version))
                    .as("image size for version %d", version)
                    .isBetween(200, QrCodeRenderer.TARGET_SIZE_PX);
        }
    }

    private static Result decode(byte[] png) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(read(png))));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }

    private static BufferedImage read(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a readable PNG").isNotNull();
        return image;
    }

    private static boolean isDark(BufferedImage image, int x, int y) {
        return (image.getRGB(x, y) & 0xFFFFFF) == 0;
    }

    private static int firstDarkOnDiagonal(BufferedImage image) {
        for (int i = 0; i < image.getWidth(); i++) {
            if (isDark(image, i, i)) {
                return i;
            }
        }
        throw new AssertionError("no dark pixel on the diagonal");
    }

    private static int darkRunLength(BufferedImage image, int x, int y) {
        int end = x;
        while (end < image.getWidth() && isDark(image, end, y)) {
            end++;
        }
        return end - x;
    }

    private static void assertQuietZoneIsWhite(BufferedImage image, int quietPx) {
        int size = image.getWidth();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inQuietZone = x < quietPx || y < quietPx || x >= size - quietPx || y >= size - quietPx;
                if (inQuietZone) {
                    assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d,%d)", x, y).isEqualTo(0xFFFFFF);
                }
            }
        }
    }
}
