package io.xenscope.xen.store;

import java.nio.charset.StandardCharsets;

/**
 * The errors xenstored can send, in the order of xsd_errors[] (io/xs_wire.h; EPERM appended in Xen
 * 4.17). On the wire an error is an XS_ERROR message whose payload is the name plus a NUL.
 */
public enum XsErrno {
    EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO, ENOTEMPTY, ENOSYS, EROFS, EBUSY,
    EAGAIN, EISCONN, E2BIG, EPERM;

    public byte[] payload() {
        byte[] name = name().getBytes(StandardCharsets.US_ASCII);
        byte[] p = new byte[name.length + 1];
        System.arraycopy(name, 0, p, 0, name.length);
        return p;
    }
}
