package dev.totpmfa.it.support;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Screenshots for the docs as 8-bit palette PNGs: a page of flat colours and text needs no more than 256, and the
 * files come out several times smaller than Chromium's 24-bit ones. Popularity quantization over 15-bit colour
 * buckets, no dithering (so text edges stay crisp).
 */
public final class IndexedPng {

    private static final int BUCKETS = 1 << 15;
    private static final int PALETTE = 256;

    private IndexedPng() {
    }

    public static byte[] encode(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = image.getRGB(0, 0, width, height, null, 0, width);
        int[] count = new int[BUCKETS];
        long[][] sums = new long[3][BUCKETS];
        for (int pixel : pixels) {
            int bucket = bucket(pixel);
            count[bucket]++;
            sums[0][bucket] += (pixel >> 16) & 0xff;
            sums[1][bucket] += (pixel >> 8) & 0xff;
            sums[2][bucket] += pixel & 0xff;
        }
        int[] chosen = IntStream.range(0, BUCKETS).filter(b -> count[b] > 0).boxed()
                .sorted(Comparator.comparingInt((Integer b) -> count[b]).reversed())
                .limit(PALETTE).mapToInt(Integer::intValue).toArray();
        byte[] red = new byte[chosen.length];
        byte[] green = new byte[chosen.length];
        byte[] blue = new byte[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            int b = chosen[i];
            red[i] = (byte) (sums[0][b] / count[b]);
            green[i] = (byte) (sums[1][b] / count[b]);
            blue[i] = (byte) (sums[2][b] / count[b]);
        }
        int[] nearest = new int[BUCKETS];
        Arrays.fill(nearest, -1);
        IndexColorModel model = new IndexColorModel(8, chosen.length, red, green, blue);
        BufferedImage indexed = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        WritableRaster raster = indexed.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int pixel = pixels[y * width + x];
                int bucket = bucket(pixel);
                if (nearest[bucket] < 0) {
                    nearest[bucket] = closest(pixel, red, green, blue);
                }
                raster.setSample(x, y, 0, nearest[bucket]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(indexed, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int bucket(int pixel) {
        return (((pixel >> 19) & 0x1f) << 10) | (((pixel >> 11) & 0x1f) << 5) | ((pixel >> 3) & 0x1f);
    }

    private static int closest(int pixel, byte[] red, byte[] green, byte[] blue) {
        int r = (pixel >> 16) & 0xff;
        int g = (pixel >> 8) & 0xff;
        int b = pixel & 0xff;
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < red.length; i++) {
            int dr = r - (red[i] & 0xff);
            int dg = g - (green[i] & 0xff);
            int db = b - (blue[i] & 0xff);
            int distance = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return best;
    }
}
