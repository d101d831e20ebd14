"""Forms for signing in and changing one's password."""
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from tracker.auth.passwords import MAX_LENGTH, check_password_policy
from tracker.web.forms import WebForm

REQUIRED = "این خانه را پر کنید."
TOO_LONG = "این متن بیش از اندازه بلند است."


def password_policy(username_field: str | None = None):
    """Validate a new password with the one policy; the username comes from a field or form.policy_username."""

    def check(form, field):
        source = getattr(form, username_field) if username_field else None
        username = source.data if source is not None else getattr(form, "policy_username", None)
        message = check_password_policy(field.data or "", username=username)
        if message:
            raise ValidationError(message)

    return check


class LoginForm(WebForm):
    # Any wrong name, a NUL in it included, gets the one answer and hash check of a wrong password.
    class Meta:
        clean_typed_text = False

    username = StringField("نام کاربری", validators=[DataRequired(REQUIRED), Length(max=200, message=TOO_LONG)])
    password = PasswordField("گذرواژه", validators=[DataRequired(REQUIRED),
                                                     Length(max=4 * MAX_LENGTH, message=TOO_LONG)])


class PasswordForm(WebForm):
    current = PasswordField("گذرواژهٔ کنونی", validators=[DataRequired(REQUIRED)])
    new = PasswordField("گذرواژهٔ تازه", validators=[DataRequired(REQUIRED), password_policy()])
    confirm = PasswordField(
        "تکرار گذرواژهٔ تازه",
        validators=[DataRequired(REQUIRED), EqualTo("new", message="دو گذرواژه یکسان نیستند.")],
    )
