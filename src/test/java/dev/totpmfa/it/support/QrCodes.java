package dev.totpmfa.it.support;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

/** Reads a QR code the way a phone would: from the image the page shows, not from anything beside it. */
public final class QrCodes {

    private static final String PNG_DATA_URI = "data:image/png;base64,";

    private QrCodes() {
    }

    /** The text of the QR code in a {@code data:image/png;base64,} URI. */
    public static String decodeDataUri(String dataUri) {
        if (dataUri == null || !dataUri.startsWith(PNG_DATA_URI)) {
            throw new IllegalArgumentException("Not a PNG data URI: " + abbreviate(dataUri));
        }
        return decodePng(Base64.getDecoder().decode(dataUri.substring(PNG_DATA_URI.length())));
    }

    public static String decodePng(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null) {
                throw new IllegalArgumentException("Not a readable image (" + png.length + " bytes)");
            }
            BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
            return new QRCodeReader().decode(bitmap, Map.of(
                    DecodeHintType.POSSIBLE_FORMATS, BarcodeFormat.QR_CODE,
                    DecodeHintType.PURE_BARCODE, Boolean.FALSE)).getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NotFoundException | ChecksumException | FormatException e) {
            throw new IllegalArgumentException("No readable QR code in the image", e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.substring(0, Math.min(40, text.length()));
    }
}
