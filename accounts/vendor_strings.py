"""The strings of allauth's and Django's own pages and emails on a member's way in (sign-up,
confirmation, login, password reset and change) the languages' names and two of Wagtail's admin words, named here so that `make messages` copies
them into the project's catalogues: neither package speaks Tamazight, and a Tamazight speaker
must be able to create an account in their language (issue #36). The French and Arabic
entries repeat the packages' own translations; `check_translations` keeps all four complete.

Never imported: it only lists strings for extraction."""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

# The months, as dates are written (Django has no Tamazight names for them).
MONTHS = [
    gettext_noop("January"),
    pgettext_lazy("alt. month", "January"),
    gettext_noop("February"),
    pgettext_lazy("alt. month", "February"),
    gettext_noop("March"),
    pgettext_lazy("alt. month", "March"),
    gettext_noop("April"),
    pgettext_lazy("alt. month", "April"),
    gettext_noop("May"),
    pgettext_lazy("alt. month", "May"),
    gettext_noop("June"),
    pgettext_lazy("alt. month", "June"),
    gettext_noop("July"),
    pgettext_lazy("alt. month", "July"),
    gettext_noop("August"),
    pgettext_lazy("alt. month", "August"),
    gettext_noop("September"),
    pgettext_lazy("alt. month", "September"),
    gettext_noop("October"),
    pgettext_lazy("alt. month", "October"),
    gettext_noop("November"),
    pgettext_lazy("alt. month", "November"),
    gettext_noop("December"),
    pgettext_lazy("alt. month", "December"),
]

STRINGS = [
    # Wagtail's French calls the locale filter « Région » and leaves « Any » in English.
    gettext_noop("Locale"),
    gettext_noop("Any"),
    # Django's names of the languages (a need listed in another language is marked with it).
    gettext_noop("French"),
    gettext_noop("Arabic"),
    gettext_noop("English"),
    gettext_noop(":"),
    gettext_noop("Email"),
    gettext_noop("Signup"),
    gettext_noop("Sign Up"),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop(":?.!"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Password (again)"),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("This field is required."),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email address to register an account on %(site_domain)s."
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize the signup process. If you do not see the verification email in your main inbox, check your spam folder. Please contact us if you do not receive the verification email within a few minutes."
    ),
    gettext_noop("Confirm Email Address"),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address for user %(user_display)s.'
    ),
    gettext_noop("Confirm"),
    gettext_noop(
        'This email confirmation link expired or is invalid. Please <a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Sign In"),
    gettext_noop("If you have not created an account yet, then please %(link)ssign up%(end_link)s first."),
    gettext_noop("Forgot your password?"),
    gettext_noop("Remember Me"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Password Reset"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("Password Reset Email"),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password reset for your user account.\nIt can be safely ignored if you did not request a password reset. Click the link below to reset your password."
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Change Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Cancel"),
    gettext_noop("Password successfully changed."),
    gettext_noop("Your password is now changed."),
    gettext_noop("Bad Token"),
    gettext_noop(
        'The password reset link was invalid, possibly because it has already been used.  Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("Email Addresses"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Verified"),
    gettext_noop("Primary"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Remove"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Current Password"),
    gettext_noop("Please type your current password."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    gettext_noop("Incorrect password."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Too many failed login attempts. Try again later."),
]

PLURALS = [
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    ),
]
