# The demo target: the seed guide's FastAPI + SQLAlchemy application, as it runs on Debian 12.
# SQLAlchemy 1.4 (Debian 12) cannot subscript sessionmaker, so `db` is annotated `Session`.
# Run: /usr/bin/python3 -m uvicorn app:app --host 127.0.0.1 --port PORT (from this folder).
# AFTERSHOCK_DEMO_DB chooses the SQLite file (default ./test.db), so tests can use a temp folder.
import os

from fastapi import FastAPI, HTTPException, Depends
from sqlalchemy import create_engine, Column, Integer, String
from sqlalchemy.ext.declarative import declarative_base
from sqlalchemy.orm import sessionmaker, Session
from sqlalchemy.exc import SQLAlchemyError

# Database configuration
DATABASE_URL = "sqlite:///" + os.environ.get("AFTERSHOCK_DEMO_DB", "./test.db")
engine = create_engine(DATABASE_URL)
SessionLocal = sessionmaker(autocommit=False, autoflush=False, bind=engine)
Base = declarative_base()

# Define the User model
class User(Base):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True, index=True)
    name = Column(String, index=True)
    secret_password = Column(String)

# Create the database tables
Base.metadata.create_all(bind=engine)

app = FastAPI(
    servers=[
        {"url": "http://localhost:9090", "description": "Staging environment"}
    ]
)

# Dependency to get the database session
def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()

@app.get("/")
async def read_root():
    return {"message": "Hello, World!"}

@app.post("/users/")
async def create_user(name: str, secret_password: str, db: Session = Depends(get_db)):
    try:
        db_user = User(name=name, secret_password=secret_password)
        db.add(db_user)
        db.commit()
        db.refresh(db_user)
        return db_user
    except SQLAlchemyError as e:
        db.rollback()
        raise HTTPException(status_code=500, detail="Database error occurred")

@app.get("/users/{user_id}")
async def read_user(user_id: int, db: Session = Depends(get_db)):
    try:
        user = db.query(User).filter(User.id == user_id).first()
        if user is None:
            raise HTTPException(status_code=404, detail="User not found")
        return user
    except SQLAlchemyError as e:
        raise HTTPException(status_code=500, detail="Database error occurred")
