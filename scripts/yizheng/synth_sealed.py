"""Sealed values for synthetic private suggestions (yizheng synth), fixed so that the same seed gives the same bytes.

age encryption is randomised, so synth cannot seal at run time and stay deterministic;
it uses these values, sealed once to the example staff keys (content/staff-keys.yml, whose
private halves are in tests/fixtures/example-keys/, example only). Each opens to PLAIN[kind].
Regenerate (after changing the example keys) with: python tests/fixtures/example-keys/make_synth_sealed.py
"""

from __future__ import annotations

KEYS = (
    ("下窑街道议政办 示例工作人员甲", "age1ps6apqxuselpg78tkk2ddf6gje9tdc27ffdy54knej0tzspgndrq38zshm"),
    ("区人大常委会联络室 示例工作人员乙", "age1erges46n3x3nq8ee0rshdxctha3u58z69esfwfu7s3del994v9sspy5y0j"),
)

PLAIN = {
    "title": "合成数据：提出人不同意公开的标题",
    "problem": "合成数据：提出人不同意公开的问题描述。",
    "proposal": "合成数据：提出人不同意公开的建议。",
    "reply": "合成数据：承办单位对不公开意见建议的答复。",
    "note": "合成数据：不公开意见建议的办理说明。",
}

SEALED = {
    "title": (
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSA5V2V2OGJJRzdVcUdtNC9k\n"
        "S1hPUWhNSHpCeWd2ZHF4K2VzQ21yOEg1S1cwCnpWSlJkOEtLWW1YSzlCQytEbC9C\n"
        "c2ZqWTlLclA1T1RwRHRGTXBGWnI0djAKLT4gWDI1NTE5IHRETnA1UEZpVW9qQmVQ\n"
        "N1dva1VRTlY4K2FIeVZjUmVtRHp0dVBQaUg5UzAKYllmMzFNdU50OWl3K0tDSzdB\n"
        "cFcxVytJSm1LMmFLSUZjOFJYT0l1Y1kyTQotPiBEfjxnLWdyZWFzZQpaenIxMVNs\n"
        "cHBWMm4yN29VNnU5VkNEQU5PVzdXMWJqRgotLS0gWi91TGxCK3BWVU0vUWwzWjdt\n"
        "aHB3KzBqTHc2VFZCbC80TmZKU0NXRFNPOApAMloMu3jznUMERg/rLXJNBCkCbb48\n"
        "Iqu6DLOes7Hpx08iJsAQETndiep430R/xZaZgCQSXy5wKXZUp6BzwDH2whYugQWt\n"
        "R/8RldGNlYx5Mw==\n"
        "-----END AGE ENCRYPTED FILE-----"
    ),
    "problem": (
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBGQjJGT0hhZXd2SlRiWHZr\n"
        "S1VuVkROQTFJc1BCSFdBdTZUR1JuM2p5a3drCmZyV1RSbHpxaUpLSFdqTjY1N1dw\n"
        "SGN3SzZlRDNiY1MyUHhpKzZKODQ5OXMKLT4gWDI1NTE5IGpKeWh5K05QSkc4MjJN\n"
        "cTRPV25GTmFLR1U4V043eGVYdGF0SWRzc2s5ekUKY25yTUNsbXhKMHpjb2pXTWF4\n"
        "cjZzU2R4bTRmTFRiZVlVVUFzb2NyNXlWZwotPiBdKW1bNS1ncmVhc2UgJyFuOCBs\n"
        "Y10wTGUKZFNLSGo0UTdwamV0Z2RvTktKV01iM1Rucm1IQUwxcEV0emVBM2V0bEgw\n"
        "d3VXdW04c0lTNXFodFkrQVAxM3l6dAord2VBQUhMeEJ0ZkNocXNtbC9CYUtuR2VJ\n"
        "dwotLS0gR05LOEJ5M05UdHg5YUNtMjJHbTlBU3JBRm10L2Y3MVNtNUFIQTlTZFp1\n"
        "awp9Lw1EB23dgeD9tiHLfYHuA5uEPo94bSAEuYTNbMzMGaaslrSJksEvx3gXHgHz\n"
        "gV5h+ApvKk0cRe4ZaXZOELVzmnoCs6L9O4+WEpLccOuTCXVpfDyk8roqSA==\n"
        "-----END AGE ENCRYPTED FILE-----"
    ),
    "proposal": (
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBURnhYSitVMlYxNTh3cGU1\n"
        "bjBNcTVnOWxkTzlNM3FicUtnUU44RXZVbUJjCk1DUWQyMzQwUjRhSDhrZmcvVXgy\n"
        "a1BwK0Y3dDFHOWJVamF4aVppa2M4MjgKLT4gWDI1NTE5IC9PSURwaSsyNHpONlJx\n"
        "aDFBZDFHdkFYWVN4dDRoVlBIZFNXUnhyS2tPVkkKdW1wNzhySTN6bHFhOW5PaW5W\n"
        "ZDJUVE5hOEFybURpN3FOUzhrWGFMOXBRcwotPiBwLWdyZWFzZSBWOUk0XHx9Cnhh\n"
        "YUVQYlg5R0dCTzgxSUFQcVgyRU1IUUxLZ2M4QWxWN1VYYytFaVBKOEl6NWFQMXFm\n"
        "dzhNWUg2bjNHNjEwbCsKWmlMVVFyUThvT2wxCi0tLSByeHJjOW1hMkNpWjdzSFZ0\n"
        "am9Hc2xKRjNFVGJwZjlTdmxtZ0dYdEJNQXlVCsjUfV9gnS2bMNnBuA9ktLF+GUst\n"
        "Glg0bavf3N51Y1seFjIkiawQ+zrs4DmPCf57zsoBW9Hk5pF9dLm3m0cigrWzj0HY\n"
        "+9ASrgqU8qfJemtk2kgX\n"
        "-----END AGE ENCRYPTED FILE-----"
    ),
    "reply": (
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBOcWZUK2FTWGpab3BnZHYv\n"
        "Yzg0TzVlR2dQNStoRDFjTTVGb2tTN3gyS2d3CjFKazNEODc2ZmsxSHlNSmlSdEZq\n"
        "eWhtNm9UUm94NmR3UFcybEtLU05BME0KLT4gWDI1NTE5IFhwYTEzNnF2YXZqNDht\n"
        "Z2dwb0llekU1dDZYNmhIMmVuRWhSdDBnaURXUUEKWU5TZVg0RHVwdlBCeE5nMmNZ\n"
        "SVdTWFNaRjlFVjNQTStmSEYxZVBhU1ZZawotPiBHTnluQWktZ3JlYXNlIHMgJFEl\n"
        "IG0/RyBhY0pLajZoSAp4Wjkvc0V6Ukx0UFZmOEhuY2lKWnFJYVVCRVY5QmQ1Zkdh\n"
        "bWpnWGhkdS9NOEpXeGNVeE5LL2h3dDNaQUg2NVZoCkdBMkVVQWVDYllSWk9HMTFz\n"
        "M3Y4Ci0tLSB1MHJNb1RySnRLTURneXNIV0VaY1FreHdKbWFpb2dBOC9ZbHdOQ3l5\n"
        "cXNRCiDC27xuZLLDQ80LSiyN36aHWgYoEx4Dh7jhJ/Jw841+dhznRUXKhb77A+qS\n"
        "LuA8nqM70uivBEN6pr73nT0NwXoH93sFQkk1JhLT1tq6VfeqIhTXz3a2+wQVObLA\n"
        "2N89\n"
        "-----END AGE ENCRYPTED FILE-----"
    ),
    "note": (
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBMdU53Mms1Z3M5M1lGMDRG\n"
        "ZEJwK1pjamZheEdlL1N6ZGRLN1FRdlo4eWp3CkpaQ0pmOG1YZkJzaHVHWDdZMXpB\n"
        "STFabXQ4a0xqNDlpVTJYQTRXZ3MrQXMKLT4gWDI1NTE5IHd3K1AxTE9Say9DbUxu\n"
        "bmVhRkF1ZGJtOUNiNnVGeG1tOFFvSCszbjNZelUKLzBKSGtSWjdiRVdjQjluMmha\n"
        "RmVZY2hEMXl2eGNDQUJGWW0zcDc5MWd0WQotPiBoKyZgSF8tZ3JlYXNlIDowIDcu\n"
        "eyd1ZT0KaXdtbzBTZWVoMlBzZm5KblhHV0txRGZMdklzeHNHTHNYL0dvMHRaR3RX\n"
        "WTNaNncyRVU5dWVMY3ZQYkMxMi8zZgpqOThzZXhXODdYNXdZSm9meFV2bzFsd05D\n"
        "U042N1Npbyt0OGs2MHJoSC9RCi0tLSB1QldVWCtiRStzLzhNNml0V0JsSFJndjY1\n"
        "dkhxenZqd21zTTBJNE5vZUVvCs1QW2Nq8IUQGBCWEV94yB8M+1hCht77xCRknFZ5\n"
        "eM9q+JSHlZvPCWEhiQ1nlXtDoRArUwVDrDb2IfLGbNoQ0ri88uznurEIeZ57PuNR\n"
        "zr0C7ij5vuR+\n"
        "-----END AGE ENCRYPTED FILE-----"
    ),
}
