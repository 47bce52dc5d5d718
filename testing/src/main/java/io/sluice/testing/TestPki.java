package io.sluice.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and certificates made at test time (EC P-256, valid from an hour ago for a day), written
 * as PEM files that Sluice, PostgreSQL, psql and pgjdbc read. Nothing secret is committed to the repository.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key, as files. */
    public record Issued(Path cert, Path key, Path keyDer) {
    }

    /** A CA that issues certificates. */
    public static final class Authority {
        private final X500Name name;
        private final KeyPair keys;
        private final X509Certificate cert;
        private final Path dir;
        private final Path certFile;

        private Authority(Path dir, String commonName) throws GeneralSecurityException, IOException {
            this.dir = dir;
            this.name = new X500Name("CN=" + commonName);
            this.keys = newKeyPair();
            X509v3CertificateBuilder builder = builder(name, name, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            this.cert = sign(builder, keys);
            this.certFile = dir.resolve(commonName.replaceAll("[^A-Za-z0-9]", "_") + "-ca.crt");
            writePem(certFile, "CERTIFICATE", cert.getEncoded());
        }

        /** The CA's certificate, PEM. */
        public Path certFile() {
            return certFile;
        }

        /**
         * Issues a certificate usable by servers and clients.
         *
         * @param fileName base name of the files written ({@code name.crt}, {@code name.key}, {@code name.pk8})
         * @param commonName the subject's CN (a user name for client certificates)
         * @param altNames DNS names and IP addresses for subjectAltName
         */
        public Issued issue(String fileName, String commonName, String... altNames) {
            try {
                KeyPair subject = newKeyPair();
                X509v3CertificateBuilder builder = builder(name, new X500Name("CN=" + commonName), subject);
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(cert));
                if (altNames.length > 0) {
                    builder.addExtension(Extension.subjectAlternativeName, false, altNames(altNames));
                }
                X509Certificate issued = sign(builder, keys);
                Path certPath = dir.resolve(fileName + ".crt");
                Path keyPath = dir.resolve(fileName + ".key");
                Path derPath = dir.resolve(fileName + ".pk8");
                writePem(certPath, "CERTIFICATE", issued.getEncoded());
                writePem(keyPath, "PRIVATE KEY", subject.getPrivate().getEncoded());
                Files.write(derPath, subject.getPrivate().getEncoded());
                // PostgreSQL and libpq refuse keys others can read.
                for (Path key : List.of(keyPath, derPath)) {
                    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                }
                return new Issued(certPath, keyPath, derPath);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("could not issue a test certificate", e);
            }
        }
    }

    private TestPki() {
    }

    /** A new CA whose certificate is written to {@code dir}. */
    public static Authority authority(Path dir, String commonName) {
        try {
            return new Authority(dir, commonName);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not create a test CA", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static GeneralNames altNames(String... names) throws IOException {
        List<GeneralName> general = new ArrayList<>();
        for (String n : names) {
            boolean ip = n.matches("[0-9.]+") || n.contains(":");
            general.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                    : new GeneralName(GeneralName.dNSName, n));
        }
        return new GeneralNames(general.toArray(new GeneralName[0]));
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
    }
}
