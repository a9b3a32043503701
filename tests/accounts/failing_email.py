"""An email backend whose server refuses every message, as a misconfigured SMTP server does."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("Connection refused by smtp.example.com:587")
