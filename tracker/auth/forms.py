"""Forms for signing in and changing one's password."""
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

REQUIRED = "این خانه را پر کنید."


class LoginForm(FlaskForm):
    username = StringField("نام کاربری", validators=[DataRequired(REQUIRED)])
    password = PasswordField("گذرواژه", validators=[DataRequired(REQUIRED)])


class PasswordForm(FlaskForm):
    current = PasswordField("گذرواژهٔ کنونی", validators=[DataRequired(REQUIRED)])
    new = PasswordField(
        "گذرواژهٔ تازه",
        validators=[DataRequired(REQUIRED), Length(min=8, message="گذرواژه باید دست‌کم ۸ نویسه باشد.")],
    )
    confirm = PasswordField(
        "تکرار گذرواژهٔ تازه",
        validators=[DataRequired(REQUIRED), EqualTo("new", message="دو گذرواژه یکسان نیستند.")],
    )
