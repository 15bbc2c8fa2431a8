//! Local images: `docker save` tarballs and OCI layouts, read without network.
