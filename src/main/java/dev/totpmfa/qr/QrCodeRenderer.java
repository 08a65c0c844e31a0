package dev.totpmfa.qr;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.imageio.ImageIO;

/**
 * Renders text (an otpauth URI) as a QR code: a 1-bit PNG, or that PNG as a {@code data:} URI for an
 * {@code img} element. Error correction level M and a quiet zone of 4 modules, as ISO/IEC 18004 asks for.
 *
 * <p>The image size follows the symbol: each module is a whole number of pixels, chosen so that the image
 * is about {@value #TARGET_SIZE_PX} px wide, so edges stay crisp at any symbol version.
 *
 * <p>This is the only class of the project that uses zxing. Instances are immutable and thread-safe.
 */
public final class QrCodeRenderer {

    static final ErrorCorrectionLevel ERROR_CORRECTION = ErrorCorrectionLevel.M;
    static final int QUIET_ZONE_MODULES = 4;
    static final int TARGET_SIZE_PX = 280;

    private static final String DATA_URI_PREFIX = "data:image/png;base64,";
    private static final int WHITE = 1;
    private static final int BLACK = 0;
    private static final Map<EncodeHintType, Object> HINTS =
            Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    public QrCodeRenderer() {
    }

    /**
     * @throws IllegalArgumentException if {@code content} is null, empty, or too long for a QR code
     */
    public byte[] renderPng(String content) {
        BufferedImage image = toImage(encode(content));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalStateException("No PNG writer available in javax.imageio");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the QR code as PNG", e);
        }
        return png.toByteArray();
    }

    /**
     * @return {@code data:image/png;base64,…} holding {@link #renderPng(String)}
     * @throws IllegalArgumentException as {@link #renderPng(String)}
     */
    public String renderDataUri(String content) {
        return DATA_URI_PREFIX + Base64.getEncoder().encodeToString(renderPng(content));
    }

    private static ByteMatrix encode(String content) {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("QR code content must not be empty");
        }
        try {
            return Encoder.encode(content, ERROR_CORRECTION, HINTS).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("Content cannot be encoded as a QR code ("
                    + content.length() + " characters): " + e.getMessage(), e);
        }
    }

    static int modulePixels(int symbolModules) {
        return Math.max(1, TARGET_SIZE_PX / (symbolModules + 2 * QUIET_ZONE_MODULES));
    }

    private static BufferedImage toImage(ByteMatrix matrix) {
        int modules = matrix.getWidth();
        int scale = modulePixels(modules);
        int size = (modules + 2 * QUIET_ZONE_MODULES) * scale;
        int offset = QUIET_ZONE_MODULES * scale;

        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        WritableRaster raster = image.getRaster();
        int[] line = new int[size];
        for (int y = 0; y < size; y++) {
            int moduleY = Math.floorDiv(y - offset, scale);
            for (int x = 0; x < size; x++) {
                int moduleX = Math.floorDiv(x - offset, scale);
                line[x] = isDark(matrix, moduleX, moduleY) ? BLACK : WHITE;
            }
            raster.setPixels(0, y, size, 1, line);
        }
        return image;
    }

    private static boolean isDark(ByteMatrix matrix, int x, int y) {
        return x >= 0 && y >= 0 && x < matrix.getWidth() && y < matrix.getHeight() && matrix.get(x, y) == 1;
    }
}
