"""Settings that keep a test's hub off fixed ports.

A hub in a test listens on free ports only, and its AMI peer is not there
unless the test starts one, so tests never collide with each other, with a
demo running on the same machine, or with a real Asterisk.
"""

FREE_PORTS = {
    "SWITCHBOARD__SERVER__PORT": "0",
    "SWITCHBOARD__PBX__AGI_PORT": "0",
    "SWITCHBOARD__PBX__PORT": "1",
    "SWITCHBOARD__MAIL__SMTP_PORT": "0",
}
